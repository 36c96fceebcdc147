// Builds tap's plugged-in Test class without its TypeScript plugin: Node 24 strips types
// itself, and the plugin's loader does not work with the native TypeScript compiler.
// Runs the generator directly (not `tap build`, which needs a working build to start) and
// only when the current build is missing or still has the TypeScript plugin.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(realpathSync(join(import.meta.dirname, '..', 'node_modules', 'tap', 'package.json')))
const testPackage = dirname(require.resolve('@tapjs/test/package.json'))
const built = join(testPackage, 'test-built', 'dist')
const esm = join(built, 'esm', 'index.js')
const current = existsSync(esm) && existsSync(join(built, 'commonjs', 'index.js')) ? readFileSync(esm, 'utf8') : ''

if (current && !current.includes('@tapjs/typescript')) process.exit(0)

const { defaultPlugins } = await import(join(testPackage, 'dist', 'esm', 'default-plugins.js'))
const plugins = defaultPlugins.filter((name) => name !== '@tapjs/typescript')
const result = spawnSync(process.execPath, [join(testPackage, 'dist', 'esm', 'build.mjs'), ...plugins], {
  cwd: testPackage,
  stdio: 'inherit',
})
process.exit(result.status ?? 1)
