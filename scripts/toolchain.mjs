#!/usr/bin/env node
// Runs a root script, or a command, under the project's own Node and pnpm, whatever Node
// launched us. The machine may only have Node 20 + npm: both tools come from the npm registry
// into .toolchain/ (scripts/toolchain/platform.mjs decides which, per platform), and
// dependencies are installed only when the lockfile, a manifest or the Node changed.
// Kept in plain JavaScript that Node 20 understands: it is what runs before Node 24 exists.
//
//   node scripts/toolchain.mjs <root script> [args...]   pnpm run <root script> [args...]
//   node scripts/toolchain.mjs exec <command> [args...]  the command itself (node, tsc, tap, …)
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toolchainEnv } from './toolchain/env.mjs'
import { withLock } from './toolchain/lock.mjs'
import { chooseTools, hostTarget, meetsEngines, NODE_VERSION, nodePackage, pnpmBinaryPackage } from './toolchain/platform.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]
const toolchainDir = join(root, '.toolchain')
const modulesDir = join(toolchainDir, 'node_modules')
const windows = process.platform === 'win32'
const target = hostTarget()
const systemNodeOnly = process.env.TOOLCHAIN_NODE === 'system'
/** The npm that ran us, when it said so: its own CLI under this Node needs no shell or .cmd shim. */
const outerNpmCli = /npm-cli\.js$/.test(process.env.npm_execpath ?? '') ? process.env.npm_execpath : undefined

function log(message) {
  process.stderr.write(`[toolchain] ${message}\n`)
}

function exitFor(result, what) {
  if (result.error) log(`${what} could not start: ${result.error.message}`)
  else log(`${what} failed (exit ${result.status ?? result.signal})`)
  process.exit(result.status || 1)
}

function npm(args, options) {
  let cli = outerNpmCli
  if (!cli && windows) {
    const bundled = join(dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js')
    if (existsSync(bundled)) cli = bundled
  }
  if (cli) return spawnSync(process.execPath, [cli, ...args], options)
  // elsewhere on Windows npm is npm.cmd, which only its shell runs
  return windows ? spawnSync(['npm', ...args].map(quoteForCmd).join(' '), { ...options, shell: true }) : spawnSync('npm', args, options)
}

/** The versions of pkg within range (npm view … version --json prints one string or a list). */
function registryVersions(pkg, range, env) {
  const result = npm(['view', `${pkg}@${range}`, 'version', '--json'], { cwd: root, env, encoding: 'utf8' })
  if (result.status === 0) {
    const text = result.stdout.trim()
    if (!text) return []
    const parsed = JSON.parse(text)
    return Array.isArray(parsed) ? parsed : [parsed]
  }
  if (/E404|ETARGET/.test(`${result.stdout}${result.stderr}`)) return []
  log(`asking the npm registry about ${pkg} failed:\n${(result.stderr || result.stdout || String(result.error)).trim()}`)
  process.exit(1)
}

/** What .toolchain/stamp records: the tools installed, and what was asked for when they were chosen. */
function wantedKey() {
  return `${target} node@${NODE_VERSION}${systemNodeOnly ? ' (system)' : ''} pnpm@${PNPM_VERSION}`
}

function toolPaths(tools) {
  const node = tools.node.system
    ? process.execPath
    : join(modulesDir, tools.node.package.replace(/@[^@]*$/, ''), 'bin', windows ? 'node.exe' : 'node')
  const pnpmDir = join(modulesDir, 'pnpm')
  // pnpm 12: the native binary its install script placed in the package (it finds its own
  // node-gyp beside it there). pnpm 11: JavaScript, run by our Node.
  const pnpm = Number(tools.pnpm.split('.')[0]) < 12
    ? { command: node, args: [join(pnpmDir, 'bin', 'pnpm.mjs')] }
    : { command: join(pnpmDir, windows ? 'pnpm.exe' : 'pnpm'), args: [] }
  return { node, pnpm, nodedir: tools.node.system ? undefined : dirname(dirname(node)) }
}

function readStamp() {
  try {
    const stamp = JSON.parse(readFileSync(join(toolchainDir, 'stamp'), 'utf8'))
    if (stamp.wanted !== wantedKey()) return undefined
    // The machine's Node, chosen before, is whichever runs us now: it must still be new enough.
    if (stamp.node.system) {
      if (!meetsEngines(process.version)) return undefined
      stamp.modules = process.versions.modules
    } else if (!stamp.modules) return undefined
    const paths = toolPaths(stamp)
    if (!existsSync(paths.node) || !existsSync(paths.pnpm.args[0] ?? paths.pnpm.command)) return undefined
    return stamp
  } catch {
    return undefined
  }
}

function ensureTools(env) {
  const ready = readStamp()
  if (ready) return ready
  mkdirSync(toolchainDir, { recursive: true })
  return withLock(join(toolchainDir, 'tools.lock'), () => {
    const again = readStamp()
    if (again) return again
    const name = nodePackage(target)
    const choice = chooseTools({
      target,
      pnpmVersion: PNPM_VERSION,
      runningNode: process.version,
      systemNodeOnly,
      registry: {
        nodeVersions: name && !systemNodeOnly ? registryVersions(name, NODE_VERSION.split('.')[0], env) : [],
        pnpmBinary: registryVersions(pnpmBinaryPackage(target), PNPM_VERSION, env).length > 0,
      },
    })
    if (choice.error) {
      log(choice.error)
      process.exit(1)
    }
    for (const note of choice.notes) log(note)
    const packages = [...(choice.node.package ? [choice.node.package] : []), `pnpm@${choice.pnpm}`]
    log(`installing ${packages.join(' ')} into .toolchain/`)
    writeFileSync(join(toolchainDir, 'package.json'), '{"private":true}\n')
    const result = npm(['install', '--prefix', toolchainDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...packages], { cwd: root, env, stdio: 'inherit' })
    if (result.status !== 0) exitFor(result, 'npm install')
    const stamp = { wanted: wantedKey(), node: choice.node, pnpm: choice.pnpm }
    // The ABI of native addons built for this Node, so that a change of Node reinstalls them.
    const node = toolPaths(stamp).node
    stamp.modules = node === process.execPath ? process.versions.modules : spawnSync(node, ['-p', 'process.versions.modules'], { encoding: 'utf8' }).stdout?.trim()
    writeFileSync(join(toolchainDir, 'stamp'), `${JSON.stringify(stamp)}\n`)
    return stamp
  }, { what: 'another install of Node and pnpm', log })
}

function manifestsHash(tools) {
  const hash = createHash('sha256')
  // Native addons are built for one Node ABI: another Node (the machine's, upgraded) reinstalls.
  hash.update(`node-abi ${tools.modules}\n`)
  const files = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']
  for (const group of ['services', 'packages']) {
    const dir = join(root, group)
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir).sort()) files.push(join(group, name, 'package.json'))
  }
  for (const file of files) {
    const path = join(root, file)
    hash.update(file).update(existsSync(path) ? readFileSync(path) : '')
  }
  return hash.digest('hex')
}

function ensureDependencies(tools, paths, env) {
  const stamp = join(root, 'node_modules', '.install-stamp')
  const wanted = () => manifestsHash(tools)
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted()) return
  withLock(join(toolchainDir, 'deps.lock'), () => {
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted()) return
    log('installing dependencies')
    const frozen = process.env.CI ? ['--frozen-lockfile'] : []
    const result = spawnSync(paths.pnpm.command, [...paths.pnpm.args, 'install', ...frozen], { cwd: root, env, stdio: 'inherit' })
    if (result.status !== 0) exitFor(result, 'pnpm install')
    writeFileSync(stamp, wanted())
  }, { what: 'another install of dependencies', log })
}

/** Windows runs .cmd shims (tsc, biome, tap) only through its shell. */
function quoteForCmd(arg) {
  return /^[\w./:=@,+-]+$/.test(arg) ? arg : `"${arg.replaceAll('"', '""')}"`
}

const [first, ...rest] = process.argv.slice(2)
if (!first || (first === 'exec' && rest.length === 0)) {
  log('usage: node scripts/toolchain.mjs <root script> [args...] | exec <command> [args...]')
  process.exit(2)
}

// Until the command runs, a signal ends this script through process.exit, so a lock it holds
// is released; the install it interrupts got the same signal from the terminal.
const interrupted = (signal) => process.exit(signal === 'SIGINT' ? 130 : 143)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, interrupted)

const bootstrapEnv = toolchainEnv(process.env, { pathEntries: [] })
const tools = ensureTools(bootstrapEnv)
const paths = toolPaths(tools)
const env = toolchainEnv(process.env, {
  pathEntries: [dirname(paths.node), join(modulesDir, '.bin'), join(root, 'node_modules', '.bin')],
  nodedir: paths.nodedir,
})
ensureDependencies(tools, paths, env)

let child
if (first === 'exec') {
  const [command, ...args] = rest
  if (command === 'node') child = spawn(paths.node, args, { cwd: process.cwd(), env, stdio: 'inherit' })
  else if (windows) child = spawn([command, ...args].map(quoteForCmd).join(' '), { cwd: process.cwd(), env, stdio: 'inherit', shell: true })
  else child = spawn(command, args, { cwd: process.cwd(), env, stdio: 'inherit' })
} else {
  child = spawn(paths.pnpm.command, [...paths.pnpm.args, 'run', '--silent', first, ...rest], { cwd: root, env, stdio: 'inherit' })
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.off(signal, interrupted)
  process.on(signal, () => child.kill(signal))
}
child.on('error', (error) => {
  log(`${first === 'exec' ? rest[0] : `pnpm run ${first}`} could not start: ${error.message}`)
  process.exit(127)
})
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)))
