// Builds tap's plugged-in Test class without its TypeScript plugin: Node 24 strips types
// itself, and the plugin's loader does not work with the native TypeScript compiler.
// Runs the generator directly (not `tap build`, which needs a working build to start) and
// only when the current build is missing or still has the TypeScript plugin.
//
// The generator loads every plugin, and the plugins load the current build: a build cut short
// (Ctrl-C, or two test runs starting at once) would leave none to start from. So it builds
// beside the current one and swaps it in when done, one build at a time.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(realpathSync(join(import.meta.dirname, '..', 'node_modules', 'tap', 'package.json')))
const testPackage = dirname(require.resolve('@tapjs/test/package.json'))
const target = join(testPackage, 'test-built')

function isCurrent() {
  const esm = join(target, 'dist', 'esm', 'index.js')
  if (!existsSync(esm) || !existsSync(join(target, 'dist', 'commonjs', 'index.js'))) return false
  return !readFileSync(esm, 'utf8').includes('@tapjs/typescript')
}

function ownerAlive(lock) {
  try {
    process.kill(Number(readFileSync(join(lock, 'pid'), 'utf8')), 0)
    return true
  } catch (error) {
    return error.code === 'EPERM'
  }
}

/** mkdir as a lock holding the owner's pid; a lock whose owner is gone is broken. */
function acquire(lock) {
  for (let waited = 0; ; waited++) {
    try {
      mkdirSync(lock)
      writeFileSync(join(lock, 'pid'), String(process.pid))
      return
    } catch {
      if (existsSync(lock) && !ownerAlive(lock)) rmSync(lock, { recursive: true, force: true })
      else spawnSync('sleep', ['0.2'])
      if (waited === 5) process.stderr.write('build-tap: waiting for another build of tap to finish\n')
    }
  }
}

if (isCurrent()) process.exit(0)
const lock = `${target}.lock`
acquire(lock)
let status = 0
try {
  if (!isCurrent()) {
    const next = `${target}.next-${process.pid}`
    rmSync(next, { recursive: true, force: true })
    const { defaultPlugins } = await import(join(testPackage, 'dist', 'esm', 'default-plugins.js'))
    const plugins = defaultPlugins.filter((name) => name !== '@tapjs/typescript')
    const result = spawnSync(process.execPath, [join(testPackage, 'dist', 'esm', 'build.mjs'), ...plugins], {
      cwd: testPackage,
      stdio: 'inherit',
      env: { ...process.env, _TESTING_TEST_BUILD_TARGET_: next },
    })
    status = result.status ?? 1
    if (status === 0) {
      // Its node_modules link is relative to a sibling of the target: it stays right after the move.
      rmSync(target, { recursive: true, force: true })
      renameSync(next, target)
    } else {
      rmSync(next, { recursive: true, force: true })
    }
  }
} finally {
  rmSync(lock, { recursive: true, force: true })
}
process.exit(status)
