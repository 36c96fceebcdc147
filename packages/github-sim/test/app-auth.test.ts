import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { api, appJwt, defaultAppJwt, startSim } from './helpers.ts'

const DECODE = 'A JSON web token could not be decoded'
const IAT = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
const EXPIRED = "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
const TOO_LONG = "'Expiration time' claim ('exp') is too far in the future"

t.test('an App JWT reads GET /app, its installations, and mints installation tokens', async (t) => {
  const sim = await startSim(t)
  const jwt = defaultAppJwt(sim)
  const self = await api(sim, '/app', { jwt })
  t.equal(self.status, 200)
  t.match(self.body, {
    id: 424242, slug: 'gwm-local', client_id: 'Iv1.gwmlocal0000000001', owner: { login: 'octocat' }, installations_count: 0,
    permissions: { metadata: 'read', contents: 'read', deployments: 'write', checks: 'read', pull_requests: 'write' },
    events: ['push', 'pull_request', 'create', 'delete', 'release', 'check_suite'], html_url: `${sim.url}/apps/gwm-local`,
  })
  t.same((await api(sim, '/app/installations', { jwt })).body, [], 'no installations by default')

  const { id } = await sim.control.install({ account: 'octocat', repositories: ['hello-world', 'private-notes'] })
  const org = await sim.control.install({ account: 'octo-org' })
  const list = (await api(sim, '/app/installations', { jwt })).body
  t.same(list.map((i: { id: number }) => i.id), [id, org.id].sort((a, b) => a - b))
  const one = await api(sim, `/app/installations/${id}`, { jwt })
  t.match(one.body, {
    id, app_id: 424242, app_slug: 'gwm-local', target_type: 'User', account: { login: 'octocat' }, repository_selection: 'selected',
    access_tokens_url: `${sim.apiUrl}/app/installations/${id}/access_tokens`, suspended_at: null,
  })
  t.match((await api(sim, `/app/installations/${org.id}`, { jwt })).body, { target_type: 'Organization', repository_selection: 'all', html_url: `${sim.url}/organizations/octo-org/settings/installations/${org.id}` })
  t.equal((await api(sim, '/app/installations/1', { jwt })).status, 404, 'an unknown installation is 404')
  t.equal((await api(sim, '/app', { jwt })).body.installations_count, 2)

  const minted = await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST' })
  t.equal(minted.status, 201)
  t.match(minted.body, { token: /^ghs_[A-Za-z0-9]{36}$/, permissions: { contents: 'read', metadata: 'read' }, repository_selection: 'selected' })
  t.same(minted.body.repositories.map((r: { full_name: string }) => r.full_name), ['octocat/hello-world', 'octocat/private-notes'])
  const expires = Date.parse(minted.body.expires_at)
  t.ok(Math.abs(expires - (Date.now() + 3_600_000)) < 5_000, 'expires in an hour')
  t.equal((await api(sim, '/repos/octocat/private-notes', { token: minted.body.token })).status, 200, 'the token works')

  t.match((await api(sim, `/repos/octocat/hello-world/installation`, { jwt })).body, { id })
  t.equal((await api(sim, `/repos/octocat/empty-repo/installation`, { jwt })).status, 404, 'a repository outside the selection has no installation')
  t.match((await api(sim, '/orgs/octo-org/installation', { jwt })).body, { id: org.id })
  t.match((await api(sim, '/users/octocat/installation', { jwt })).body, { id })
  t.equal((await api(sim, '/users/hubot/installation', { jwt })).status, 404)
  t.equal((await api(sim, '/orgs/octocat/installation', { jwt })).status, 404, 'a user is no org')
})

t.test('a JWT that fails answers 401 with GitHub\'s message', async (t) => {
  const sim = await startSim(t)
  const { id, privateKey, clientId } = sim.control.app()
  const now = Math.floor(Date.now() / 1000)
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey
  const valid = appJwt(privateKey, { iss: id })
  const [header, payload] = valid.split('.')
  const cases: Array<[string, string, string]> = [
    ['signed with another key', appJwt(otherKey, { iss: id }), DECODE],
    ['a tampered payload', `${header}.${Buffer.from(JSON.stringify({ iss: id, iat: now - 30, exp: now + 3600 })).toString('base64url')}.${valid.split('.')[2]}`, DECODE],
    ['no signature', `${header}.${payload}.`, DECODE],
    ['garbage in JWT form', 'eyJhbGciOi.bm90IGpzb24.c2ln', DECODE],
    ['HS256', appJwt(privateKey, { iss: id }, { alg: 'HS256', typ: 'JWT' }), DECODE],
    ['an unknown App id', appJwt(privateKey, { iss: 999 }), DECODE],
    ['no iss', appJwt(privateKey, { iss: undefined }), DECODE],
    ['expired', appJwt(privateKey, { iss: id, iat: now - 700, exp: now - 100 }), EXPIRED],
    ['exp missing', appJwt(privateKey, { iss: id, exp: undefined }), EXPIRED],
    ['iat 2 minutes ahead', appJwt(privateKey, { iss: id, iat: now + 120, exp: now + 600 }), IAT],
    ['iat a string', appJwt(privateKey, { iss: id, iat: String(now) }), IAT],
    ['iat not an integer', appJwt(privateKey, { iss: id, iat: now - 0.5 }), IAT],
    ['living 11 minutes', appJwt(privateKey, { iss: id, iat: now - 30, exp: now + 630 }), TOO_LONG],
    ['exp an hour ahead', appJwt(privateKey, { iss: id, iat: now, exp: now + 3600 }), TOO_LONG],
  ]
  for (const [what, jwt, message] of cases) {
    const res = await api(sim, '/app', { jwt })
    t.equal(res.status, 401, what)
    t.same(res.body, { message, documentation_url: 'https://docs.github.com/rest', status: '401' }, what)
  }
  // GitHub's allowances: iat up to 60 s ahead (clock skew), the client id as iss.
  t.equal((await api(sim, '/app', { jwt: appJwt(privateKey, { iss: id, iat: now + 50, exp: now + 600 }) })).status, 200, 'iat 50 s ahead is accepted')
  t.equal((await api(sim, '/app', { jwt: appJwt(privateKey, { iss: String(id) }) })).status, 200, 'iss as a string of digits')
  t.equal((await api(sim, '/app', { jwt: appJwt(privateKey, { iss: clientId }) })).status, 200, 'iss as the client id')
})

t.test('JWTs call only the App endpoints; other credentials cannot call those', async (t) => {
  const sim = await startSim(t)
  const jwt = defaultAppJwt(sim)
  for (const path of ['/user', '/user/repos', '/repos/octocat/hello-world', '/repos/octocat/hello-world/commits', '/installation/repositories', '/user/installations']) {
    const res = await api(sim, path, { jwt })
    t.equal(res.status, 403, `JWT on ${path}`)
    t.equal(res.body.message, 'Resource not accessible by integration')
  }
  t.equal((await api(sim, '/rate_limit', { jwt })).status, 200, '/rate_limit takes any credential')
  const { id } = await sim.control.install({ account: 'octocat' })
  const token = (await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST' })).body.token
  for (const [what, init] of [['a personal token', { token: 'octocat-token' }], ['an installation token', { token }], ['no credential', {}]] as const) {
    const res = await api(sim, '/app', init)
    t.equal(res.status, 401, `${what} on /app`)
    t.equal(res.body.message, DECODE)
  }
  t.equal((await api(sim, `/app/installations/${id}/access_tokens`, { token: 'octocat-token', method: 'POST' })).status, 401)
  t.equal((await api(sim, '/app', { jwt: 'eyJhbGciOiJSUzI1NiJ9' })).status, 401, 'a JWT without three parts is bad credentials')
})

t.test('narrowing a token: repositories, repository_ids, permissions; 422 beyond the installation', async (t) => {
  const sim = await startSim(t)
  const jwt = defaultAppJwt(sim)
  const { id } = await sim.control.install({ account: 'octocat', repositories: ['hello-world', 'private-notes'] })
  const mint = (body: unknown) => api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST', body })

  const byName = await mint({ repositories: ['private-notes'], permissions: { contents: 'read' } })
  t.equal(byName.status, 201)
  t.match(byName.body, { repository_selection: 'selected', permissions: { contents: 'read', metadata: 'read' } })
  t.same(byName.body.repositories.map((r: { name: string }) => r.name), ['private-notes'])
  t.equal(byName.body.permissions.deployments, undefined, 'only what was asked for (and metadata)')
  t.equal((await api(sim, '/repos/octocat/private-notes', { token: byName.body.token })).status, 200)
  t.equal((await api(sim, '/repos/octocat/hello-world/commits', { token: byName.body.token })).status, 200, 'a public repository outside the token is readable, as anyone\'s')

  const byId = await mint({ repository_ids: [1296269] })
  t.same(byId.body.repositories.map((r: { name: string }) => r.name), ['hello-world'])
  t.equal((await api(sim, '/repos/octocat/private-notes', { token: byId.body.token })).status, 404, 'a private repository outside the token is not found')

  const cases: Array<[unknown, number, RegExp]> = [
    [{ repositories: ['empty-repo'] }, 422, /There is at least one repository that does not exist or is not accessible to the parent installation\./],
    [{ repositories: ['no-such-repo'] }, 422, /at least one repository that does not exist/],
    [{ repository_ids: [1296272] }, 422, /at least one repository that does not exist/],
    [{ permissions: { contents: 'write' } }, 422, /The permissions requested are not granted to this installation\./],
    [{ permissions: { administration: 'read' } }, 422, /not granted to this installation/],
    [{ permissions: { contents: 'admin' } }, 422, /must be "read" or "write"/],
    [{ permissions: { teleport: 'read' } }, 422, /unknown permission "teleport"/],
    [{ repositories: 'hello-world' }, 422, /is not an array of strings/],
    [{ repository_ids: ['1296269'] }, 422, /is not an array of integers/],
    [[1], 422, /must be a JSON object/],
  ]
  for (const [body, status, pattern] of cases) {
    const res = await mint(body)
    t.equal(res.status, status, JSON.stringify(body))
    t.match(res.body.message, pattern)
  }
  t.equal((await api(sim, '/app/installations/77/access_tokens', { jwt, method: 'POST' })).status, 404, 'unknown installation')
  const other = sim.control.addApp({ slug: 'other-app', clientId: 'Iv1.other', clientSecret: 's' })
  const otherJwt = appJwt(other.privateKey, { iss: other.id })
  t.equal((await api(sim, `/app/installations/${id}/access_tokens`, { jwt: otherJwt, method: 'POST' })).status, 404, 'another App\'s installation is not found')
})

t.test('suspended installations: no tokens (403), existing tokens stop working; API suspend and delete', async (t) => {
  const sim = await startSim(t)
  const jwt = defaultAppJwt(sim)
  const { id } = await sim.control.install({ account: 'octocat' })
  const token = (await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST' })).body.token
  await sim.control.suspend({ installation: id })
  const refused = await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST' })
  t.equal(refused.status, 403)
  t.equal(refused.body.message, 'This installation has been suspended')
  const used = await api(sim, '/repos/octocat/hello-world', { token })
  t.equal(used.status, 403)
  t.equal(used.body.message, 'This installation has been suspended')
  t.match((await api(sim, `/app/installations/${id}`, { jwt })).body, { suspended_at: /Z$/, suspended_by: { login: 'octocat' } })
  await sim.control.unsuspend({ installation: id })
  t.equal((await api(sim, '/repos/octocat/hello-world', { token })).status, 200, 'unsuspended: the token works again')

  t.equal((await api(sim, `/app/installations/${id}/suspended`, { jwt, method: 'PUT' })).status, 204)
  t.equal(sim.control.installations()[0]?.suspended, true)
  t.equal((await api(sim, `/app/installations/${id}/suspended`, { jwt, method: 'DELETE' })).status, 204)
  t.equal(sim.control.installations()[0]?.suspended, false)
  t.equal((await api(sim, `/app/installations/${id}`, { jwt, method: 'DELETE' })).status, 204)
  t.equal((await api(sim, '/repos/octocat/hello-world', { token })).status, 401, 'uninstalled: its tokens are revoked')
  t.equal((await api(sim, `/app/installations/${id}`, { jwt })).status, 404)
})

t.test('installation tokens expire after an hour', async (t) => {
  const sim = await startSim(t)
  const { id } = await sim.control.install({ account: 'octocat' })
  const minted = await api(sim, `/app/installations/${id}/access_tokens`, { jwt: defaultAppJwt(sim), method: 'POST' })
  const clock = t.capture(Date, 'now', () => Date.parse(minted.body.expires_at) + 1000)
  const res = await api(sim, '/repos/octocat/hello-world', { token: minted.body.token })
  clock()
  t.equal(res.status, 401)
  t.equal(res.body.message, 'Bad credentials')
})

t.test('the App webhook configuration: GET and PATCH /app/hook/config', async (t) => {
  const sim = await startSim(t)
  const jwt = defaultAppJwt(sim)
  t.same((await api(sim, '/app/hook/config', { jwt })).body, { content_type: 'json', insecure_ssl: '0' }, 'no URL yet')
  const patched = await api(sim, '/app/hook/config', { jwt, method: 'PATCH', body: { url: 'http://127.0.0.1:1/hook', secret: 'app-secret' } })
  t.same(patched.body, { content_type: 'json', secret: '********', url: 'http://127.0.0.1:1/hook', insecure_ssl: '0' })
  t.match(sim.control.app(), { webhookUrl: 'http://127.0.0.1:1/hook', webhookSecret: 'app-secret' })
  for (const body of [{ url: 'nope' }, { content_type: 'xml' }, { insecure_ssl: 'yes' }, { secret: 3 }]) {
    t.equal((await api(sim, '/app/hook/config', { jwt, method: 'PATCH', body })).status, 422, JSON.stringify(body))
  }
  t.equal(sim.control.app().webhookUrl, 'http://127.0.0.1:1/hook', 'rejected edits change nothing')
})
