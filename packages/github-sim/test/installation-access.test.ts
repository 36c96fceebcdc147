import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, appJwt, defaultAppJwt, pkcePair, startReceiver, startSim } from './helpers.ts'

async function tokenFor(sim: GitHubSim, installation: number, body?: unknown, jwt = defaultAppJwt(sim)): Promise<string> {
  const res = await api(sim, `/app/installations/${installation}/access_tokens`, { jwt, method: 'POST', ...(body ? { body } : {}) })
  if (res.status !== 201) throw new Error(`no token: ${JSON.stringify(res.body)}`)
  return res.body.token
}

t.test('an installation token acts only with its permissions', async (t) => {
  const sim = await startSim(t)
  const { id } = await sim.control.install({ account: 'octocat' })
  const token = await tokenFor(sim, id)
  t.equal((await api(sim, '/repos/octocat/private-notes/commits', { token })).status, 200, 'contents: read reads commits')
  t.equal((await api(sim, '/repos/octocat/private-notes/branches', { token })).status, 200, 'metadata reads branches')
  t.match((await api(sim, '/repos/octocat/private-notes', { token })).body, { full_name: 'octocat/private-notes', permissions: { admin: false, push: false, pull: true } })
  for (const [method, path] of [['POST', '/repos/octocat/hello-world/hooks'], ['GET', '/repos/octocat/hello-world/hooks'], ['GET', '/user'], ['GET', '/user/repos'], ['GET', '/user/emails'], ['GET', '/user/installations']] as const) {
    const res = await api(sim, path, { token, method, ...(method === 'POST' ? { body: { config: { url: 'http://127.0.0.1:1/x' } } } : {}) })
    t.equal(res.status, 403, `${method} ${path}`)
    t.equal(res.body.message, 'Resource not accessible by integration')
  }
  t.equal((await api(sim, '/repos/octo-org/platform', { token })).status, 404, 'another account\'s private repository')
  t.equal((await api(sim, '/repos/hubot/scripts/commits', { token })).status, 200, 'a public repository of another account reads like anyone\'s')
  t.equal((await api(sim, '/repos/hubot/scripts/hooks', { token })).status, 403, 'but nothing more')
})

t.test('an App with repository_hooks: write manages hooks through its token; the bot is the sender', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const app = sim.control.addApp({ slug: 'hooker', clientId: 'Iv1.hooker', clientSecret: 'x', permissions: { repository_hooks: 'write' } })
  const { id } = await sim.control.install({ app: 'hooker', account: 'octo-org' })
  const token = await tokenFor(sim, id, undefined, appJwt(app.privateKey, { iss: app.id }))
  const created = await api(sim, '/repos/octo-org/platform/hooks', { token, method: 'POST', body: { config: { url: receiver.url, content_type: 'json' } } })
  t.equal(created.status, 201)
  await sim.control.idle()
  t.match(JSON.parse(receiver.received[0]!.body), { sender: { login: 'hooker[bot]', type: 'Bot' } })
  t.equal((await api(sim, '/repos/octo-org/platform/commits', { token })).status, 403, 'no contents permission')
  const readOnly = await tokenFor(sim, id, { permissions: { repository_hooks: 'read' } }, appJwt(app.privateKey, { iss: app.id }))
  t.equal((await api(sim, '/repos/octo-org/platform/hooks', { token: readOnly })).status, 200)
  t.equal((await api(sim, `/repos/octo-org/platform/hooks/${created.body.id}`, { token: readOnly, method: 'DELETE' })).status, 403)
})

t.test('GET /installation/repositories: what the token reaches, paged with total_count', async (t) => {
  const sim = await startSim(t)
  const { id } = await sim.control.install({ account: 'octocat' })
  const token = await tokenFor(sim, id)
  const all = await api(sim, '/installation/repositories', { token })
  t.match(all.body, { total_count: 3, repository_selection: 'all' })
  t.same(all.body.repositories.map((r: { full_name: string }) => r.full_name), ['octocat/empty-repo', 'octocat/hello-world', 'octocat/private-notes'])
  const page = await api(sim, '/installation/repositories?per_page=2&page=2', { token })
  t.equal(page.body.total_count, 3)
  t.same(page.body.repositories.map((r: { name: string }) => r.name), ['private-notes'])
  t.match(page.headers.get('link'), 'rel="prev"')
  const narrowed = await tokenFor(sim, id, { repositories: ['hello-world'] })
  t.match((await api(sim, '/installation/repositories', { token: narrowed })).body, { total_count: 1, repository_selection: 'selected', repositories: [{ name: 'hello-world' }] })

  await sim.control.removeRepositories({ installation: id, repositories: ['hello-world'] })
  t.equal((await api(sim, '/installation/repositories', { token: narrowed })).body.total_count, 0, 'removed from the installation: gone from the token too')
  t.equal((await api(sim, '/installation/repositories', { token })).body.total_count, 2)
  t.equal((await api(sim, '/installation/repositories', { token: 'octocat-token' })).status, 403, 'a user token is no installation')
  t.equal((await api(sim, '/installation/repositories')).status, 401)
})

t.test('GET /user/installations and their repositories: the installations and repositories the user reaches', async (t) => {
  const sim = await startSim(t)
  const own = await sim.control.install({ account: 'octocat', repositories: ['hello-world', 'private-notes'] })
  const org = await sim.control.install({ account: 'octo-org' })
  const ids = async (token: string) => (await api(sim, '/user/installations', { token })).body
  t.match(await ids('octocat-token'), { total_count: 2, installations: [{ id: Math.min(own.id, org.id) }, { id: Math.max(own.id, org.id) }] })
  t.match(await ids('hubot-token'), { total_count: 1, installations: [{ id: org.id, account: { login: 'octo-org' } }] }, 'an org member')
  t.match(await ids('monalisa-token'), { total_count: 0, installations: [] })
  const repos = async (token: string, id: number) => api(sim, `/user/installations/${id}/repositories`, { token })
  t.match((await repos('octocat-token', own.id)).body, { total_count: 2, repository_selection: 'selected' })
  t.match((await repos('octocat-read-only-token', own.id)).body, { total_count: 1, repositories: [{ name: 'hello-world' }] }, 'private repositories need the repo scope')
  t.match((await repos('hubot-token', org.id)).body, { total_count: 1, repositories: [{ full_name: 'octo-org/platform', permissions: { pull: true, admin: false } }] })
  t.equal((await repos('hubot-token', own.id)).status, 404, 'not an installation hubot reaches')
  t.equal((await repos('octocat-token', 12345)).status, 404)
  t.equal((await api(sim, '/user/installations')).status, 401)
})

t.test('the App\'s OAuth flow gives ghu_ user tokens bound by its installations', async (t) => {
  const sim = await startSim(t)
  const { clientId, clientSecret } = sim.control.app()
  const { verifier, challenge } = pkcePair()
  const authorize = await fetch(`${sim.url}/login/oauth/authorize?client_id=${clientId}&redirect_uri=http://localhost:8000/auth/callback&state=s1&scope=repo&code_challenge=${challenge}&code_challenge_method=S256`, { redirect: 'manual' })
  const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!
  const exchanged = await fetch(`${sim.url}/login/oauth/access_token`, {
    method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: clientId, client_secret: clientSecret, code, code_verifier: verifier }),
  }).then((res) => res.json() as Promise<Record<string, string>>)
  t.match(exchanged, { access_token: /^ghu_[A-Za-z0-9]{36}$/, token_type: 'bearer', scope: '' })
  const token = exchanged.access_token!
  const user = await api(sim, '/user', { token })
  t.equal(user.body.login, 'octocat')
  t.equal(user.headers.get('x-oauth-scopes'), '', 'no scopes: the App\'s permissions rule')
  t.equal((await api(sim, '/user/emails', { token })).status, 403, 'the App has no email_addresses permission')
  const names = async () => (await api(sim, '/user/repos', { token })).body.map((r: { full_name: string }) => r.full_name)
  t.same(await names(), [], 'not installed anywhere yet: no repositories')
  const own = await sim.control.install({ account: 'octocat', repositories: ['private-notes'] })
  await sim.control.install({ account: 'hubot' })
  t.same(await names(), ['octocat/private-notes'], 'what the user and the App both reach (hubot\'s installation does not add hubot/scripts to octocat\'s list: octocat is no owner or collaborator)')
  t.equal((await api(sim, '/repos/octocat/private-notes/commits', { token })).status, 200)
  t.equal((await api(sim, '/repos/octo-org/platform', { token })).status, 404, 'a private repository the App is not installed on')
  const hooks = await api(sim, '/repos/octocat/private-notes/hooks', { token })
  t.equal(hooks.status, 403, 'the App has no repository_hooks permission, whatever the user may do')
  t.match((await api(sim, '/user/installations', { token })).body, { total_count: 1, installations: [{ id: own.id, app_slug: 'gwm-local' }] })
  const wrongSecret = await fetch(`${sim.url}/login/oauth/access_token`, {
    method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify({ client_id: clientId, client_secret: 'nope', code }),
  }).then((res) => res.json() as Promise<Record<string, string>>)
  t.equal(wrongSecret.error, 'incorrect_client_credentials')
})
