import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { checkSeed, loadSeedFile, startGitHubSim } from '../src/index.ts'
import { api } from './helpers.ts'

const main = join(import.meta.dirname, '..', 'src', 'main.ts')

t.test('the default seed has what the local stack and the gateway tests rely on', async (t) => {
  const seed = loadSeedFile()
  t.match(seed.oauthApps, [{ clientId: 'gwm-local-client', clientSecret: 'gwm-local-client-secret', redirectUris: ['http://localhost:8000/auth/callback'] }])
  t.equal(seed.authorizeAs, 'octocat')
  t.same(seed.users?.map((user) => user.login), ['octocat', 'hubot', 'monalisa'])
  t.same(seed.repos?.map((repo) => `${repo.owner}/${repo.name}`), ['octocat/hello-world', 'octocat/private-notes', 'octocat/empty-repo', 'octo-org/platform', 'hubot/scripts'])
  t.match(seed.apps, [{
    slug: 'gwm-local', id: 424242, owner: 'octocat',
    permissions: { metadata: 'read', contents: 'read', deployments: 'write', checks: 'read', pull_requests: 'write' },
    events: ['push', 'pull_request', 'create', 'delete', 'release', 'check_suite'],
  }])
  t.equal(seed.apps?.[0]?.privateKey, undefined, 'no private key in the repository: generated at start')
  t.equal(seed.apps?.[0]?.installations, undefined, 'no installations by default')
})

t.test('checkSeed names the bad field', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [[], /the seed must be a JSON object/],
    [{ users: {} }, /users must be an array/],
    [{ users: [{ login: '' }] }, /users\[0\]\.login must be a non-empty string/],
    [{ users: [{ login: 'a' }, { login: 'a' }] }, /users\[1\]\.login "a" is used twice/],
    [{ users: [{ login: 'a', tokens: [3] }] }, /users\[0\]\.tokens\[0\] must be a string or \{ token, scopes \}/],
    [{ users: [{ login: 'a' }], orgs: [{ login: 'a' }] }, /orgs\[0\]\.login "a" is already a user or org/],
    [{ oauthApps: [{ clientId: 'c' }] }, /oauthApps\[0\] needs clientId and clientSecret strings/],
    [{ repos: [{ owner: 'x', name: 'y' }] }, /repos\[0\]\.owner "x" is not a user or org of the seed/],
    [{ users: [{ login: 'a' }], repos: [{ owner: 'a', name: 'y', visibility: 'internal' }] }, /visibility must be "public" or "private"/],
    [{ users: [{ login: 'a' }], repos: [{ owner: 'a', name: 'y', permissions: { b: 'push' } }] }, /names unknown user "b"/],
    [{ users: [{ login: 'a' }, { login: 'b' }], repos: [{ owner: 'a', name: 'y', permissions: { b: 'write' } }] }, /permissions\.b must be admin, push or pull/],
    [{ users: [{ login: 'a' }], repos: [{ owner: 'a', name: 'y', commits: [{}] }] }, /every commit needs a message/],
    [{ users: [{ login: 'a' }], authorizeAs: 'b' }, /authorizeAs "b" is not a user of the seed/],
    [{ users: [{ login: 'a' }], repos: [{ owner: 'a', name: 'y', commits: [{ message: 'm', files: { '/abs': 'x' } }] }] }, /commit files has an invalid path "\/abs"/],
    [{ apps: {} }, /apps must be an array/],
    [{ apps: [3] }, /apps\[0\] must be an object/],
    [{ apps: [{ slug: 'a', clientId: 'c' }] }, /apps\[0\] needs clientId and clientSecret strings/],
    [{ apps: [{ slug: 'a', clientId: 'c', clientSecret: 's', id: -1 }] }, /apps\[0\]\.id must be a positive integer/],
    [{ apps: [{ slug: 'a', clientId: 'c', clientSecret: 's' }, { slug: 'a', clientId: 'd', clientSecret: 's' }] }, /apps\[1\]\.slug "a" is used twice/],
    [{ oauthApps: [{ clientId: 'c', clientSecret: 's', redirectUris: ['http://x/cb'] }], apps: [{ slug: 'a', clientId: 'c', clientSecret: 's' }] }, /apps\[0\]\.clientId "c" is already a client id/],
    [{ apps: [{ slug: 'a', clientId: 'c', clientSecret: 's', owner: 'z' }] }, /apps\[0\]\.owner "z" is not a user or org/],
    [{ apps: [{ slug: 'a', clientId: 'c', clientSecret: 's', webhookUrl: 'ftp://x' }] }, /apps\[0\]\.webhookUrl is not an http\(s\) URL/],
    [{ apps: [{ slug: 'a', clientId: 'c', clientSecret: 's', permissions: { contents: 'all' } }] }, /apps\[0\]\.permissions \.contents must be "read" or "write"/],
    [{ apps: [{ slug: 'a', clientId: 'c', clientSecret: 's', events: ['ping'] }] }, /apps\[0\]\.events has an unknown event "ping"/],
    [{ apps: [{ slug: 'a', clientId: 'c', clientSecret: 's', installations: [{ account: 'z' }] }] }, /apps\[0\]\.installations\[0\]\.account must be a user or org/],
    [{ users: [{ login: 'u' }], apps: [{ slug: 'a', clientId: 'c', clientSecret: 's', installations: [{ account: 'u', repositories: ['r'] }] }] }, /names no repository of u: "r"/],
    [{ users: [{ login: 'u' }], apps: [{ slug: 'a', clientId: 'c', clientSecret: 's', installations: [{ account: 'u' }, { account: 'u' }] }] }, /"u" has the App installed twice/],
  ]
  for (const [seed, pattern] of cases) t.throws(() => checkSeed(seed), pattern, JSON.stringify(seed))
})

t.test('loadSeedFile: missing or malformed files fail with the path', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-seed-'))
  t.throws(() => loadSeedFile(join(dir, 'none.json')), /cannot read seed file .*none\.json/)
  writeFileSync(join(dir, 'bad.json'), '{ nope')
  t.throws(() => loadSeedFile(join(dir, 'bad.json')), /cannot read seed file .*bad\.json/)
  writeFileSync(join(dir, 'ok.json'), JSON.stringify({ users: [{ login: 'filer', tokens: ['filer-token'] }] }))
  const sim = await startGitHubSim({ seed: join(dir, 'ok.json') })
  t.teardown(() => sim.close())
  t.equal((await api(sim, '/user', { token: 'filer-token' })).body.login, 'filer')
})

t.test('publicUrl changes the links the simulator writes', async (t) => {
  const sim = await startGitHubSim({ publicUrl: 'http://github.local:9000/' })
  t.teardown(() => sim.close())
  t.equal(sim.url, 'http://github.local:9000')
  const repo = await fetch(`http://127.0.0.1:${sim.port}/api/v3/repos/octocat/hello-world`).then((r) => r.json() as Promise<any>)
  t.equal(repo.html_url, 'http://github.local:9000/octocat/hello-world')
  t.equal(repo.url, 'http://github.local:9000/api/v3/repos/octocat/hello-world')
})

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, output: () => out }
}

t.test('standalone: starts on PORT, serves, stops on SIGTERM', async (t) => {
  const proc = run({ PORT: '0' })
  t.teardown(() => { proc.child.kill('SIGKILL') })
  const deadline = Date.now() + 10_000
  while (!/listening on (http:\/\/\S+)/.test(proc.output()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  const url = proc.output().match(/listening on (http:\/\/\S+)/)?.[1]
  t.ok(url, 'prints where it listens')
  const user = await fetch(`${url}/api/v3/user`, { headers: { authorization: 'token octocat-token' } }).then((r) => r.json() as Promise<any>)
  t.equal(user.login, 'octocat', 'the default seed is loaded')
  const app = await fetch(`${url}/_sim/apps/gwm-local`).then((r) => r.json() as Promise<{ privateKey: string }>)
  t.match(app.privateKey, /^-----BEGIN RSA PRIVATE KEY-----/, 'the App\'s generated key is there for the stack to read')
  proc.child.kill('SIGTERM')
  t.equal(await proc.exited, 0, 'clean exit on SIGTERM')
})

t.test('standalone: a bad PORT or SEED exits 1 with one clear line', async (t) => {
  const badPort = run({ PORT: 'ninety' })
  const badSeed = run({ PORT: '0', SEED: '/nonexistent/seed.json' })
  t.equal(await badPort.exited, 1)
  t.match(badPort.output(), /github-sim: PORT must be a port number, got "ninety"/)
  t.equal(await badSeed.exited, 1)
  t.match(badSeed.output(), /github-sim: cannot read seed file \/nonexistent\/seed\.json/)
})
