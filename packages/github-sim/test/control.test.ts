import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, startReceiver, startSim } from './helpers.ts'

async function control(sim: GitHubSim, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}/_sim${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

t.test('set up data over HTTP: users, tokens, orgs, apps, repos, permissions, visibility', async (t) => {
  const sim = await startSim(t)
  t.match(await control(sim, 'POST', '/users', { login: 'newbie', tokens: ['newbie-token'] }), { status: 201, body: { login: 'newbie', tokens: ['newbie-token'] } })
  const issued = await control(sim, 'POST', '/users/newbie/tokens', { scopes: ['repo'] })
  t.equal(issued.status, 201)
  t.equal((await api(sim, '/user', { token: issued.body.token })).headers.get('x-oauth-scopes'), 'repo')
  t.equal((await control(sim, 'POST', '/orgs', { login: 'new-org', members: { newbie: 'admin' } })).status, 201)
  t.equal((await control(sim, 'POST', '/oauth-apps', { clientId: 'c', clientSecret: 's', redirectUris: ['http://localhost:1/cb'] })).status, 204)
  const repo = await control(sim, 'POST', '/repos', { owner: 'new-org', name: 'svc', visibility: 'private', commits: [{ message: 'init' }] })
  t.match(repo, { status: 201, body: { fullName: 'new-org/svc', head: /^[0-9a-f]{40}$/ } })
  t.equal((await api(sim, '/repos/new-org/svc', { token: 'newbie-token' })).body.permissions.admin, true, 'org admin')
  t.equal((await control(sim, 'PUT', '/orgs/new-org/members/newbie', { role: 'member' })).status, 204)
  t.same((await api(sim, '/repos/new-org/svc', { token: 'newbie-token' })).body.permissions, { admin: false, maintain: false, push: false, triage: false, pull: true }, 'demoted to member')
  t.equal((await control(sim, 'PUT', '/orgs/new-org/members/newbie', { role: null })).status, 204)
  t.equal((await api(sim, '/repos/new-org/svc', { token: 'newbie-token' })).status, 404, 'removed from the org')
  t.equal((await control(sim, 'PUT', '/orgs/new-org/members/newbie', { role: 'admin' })).status, 204)
  t.equal((await api(sim, '/repos/new-org/svc', { token: 'hubot-token' })).status, 404)
  t.equal((await control(sim, 'PUT', '/repos/new-org/svc/permissions/hubot', { permission: 'push' })).status, 204)
  t.equal((await api(sim, '/repos/new-org/svc', { token: 'hubot-token' })).body.permissions.push, true)
  t.equal((await control(sim, 'PUT', '/repos/new-org/svc/visibility', { visibility: 'public' })).status, 204)
  t.equal((await api(sim, '/repos/new-org/svc', { token: 'monalisa-token' })).status, 200, 'now public')
})

t.test('bad control input is 422 (or 400 for a non-object body) with a message', async (t) => {
  const sim = await startSim(t)
  const cases: Array<[string, string, unknown, RegExp]> = [
    ['POST', '/users', { login: 'octocat' }, /account "octocat" already exists/],
    ['POST', '/users', { name: 'no login' }, /users\[0\]\.login must be a non-empty string/],
    ['POST', '/repos', { owner: 'ghost', name: 'x' }, /"ghost" is not a user or org/],
    ['POST', '/repos', { owner: 'octocat', name: 'hello-world' }, /already exists/],
    ['POST', '/oauth-apps', { clientId: 'c', clientSecret: 's', redirectUris: ['not a url'] }, /invalid URL: not a url/],
    ['PUT', '/repos/octocat/hello-world/permissions/hubot', { permission: 'owner' }, /permission must be admin, push, pull or null/],
    ['PUT', '/orgs/octo-org/members/hubot', { role: 'owner' }, /role must be admin, member or null/],
    ['PUT', '/orgs/octocat/members/hubot', { role: 'member' }, /no org "octocat"/],
    ['PUT', '/repos/octocat/hello-world/visibility', { visibility: 'internal' }, /visibility must be "public" or "private"/],
    ['PUT', '/oauth/authorize-as', { login: 'ghost' }, /no user "ghost"/],
    ['PUT', '/oauth/decision', { decision: 'maybe' }, /decision must be "approve" or "deny"/],
    ['POST', '/repos/octocat/hello-world/push', { commits: [] }, /a push needs at least one commit/],
    ['POST', '/repos/nobody/nothing/release', { tag: 'v1' }, /no repository "nobody\/nothing"/],
    ['PUT', '/rate-limit', { kind: 'primary', status: 500 }, /status must be 403 or 429/],
    ['PATCH', '/repos/octocat/hello-world/hooks/1', { active: false }, /no hook 1/],
  ]
  for (const [method, path, body, pattern] of cases) {
    const res = await control(sim, method, path, body)
    t.equal(res.status, 422, `${method} ${path}`)
    t.match(res.body.message, pattern)
  }
  const list = await control(sim, 'POST', '/users', [1])
  t.equal(list.status, 400)
  t.match(list.body.message, /body must be a JSON object/)
})

t.test('act on github.com over HTTP and read what was delivered; switches; reset', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await api(sim, '/repos/octocat/hello-world/hooks', { token: 'octocat-token', method: 'POST', body: { config: { url: receiver.url, content_type: 'json', secret: 'ctl-secret' }, events: ['*'] } })
  t.equal((await control(sim, 'POST', '/idle')).status, 204)
  const pushed = await control(sim, 'POST', '/repos/octocat/hello-world/push', { branch: 'main', commits: [{ message: 'over http' }] })
  t.match(pushed.body, { ref: 'refs/heads/main', after: /^[0-9a-f]{40}$/, deliveries: [{ event: 'push', statusCode: 200, status: 'OK' }] })
  t.match((await control(sim, 'POST', '/repos/octocat/hello-world/create', { ref: 'dev', refType: 'branch' })).body.deliveries, [{ event: 'create' }, { event: 'push' }])
  t.match((await control(sim, 'POST', '/repos/octocat/hello-world/pull_request', { action: 'opened', head: 'dev' })).body, { number: 1, deliveries: [{ event: 'pull_request', action: 'opened' }] })
  t.match((await control(sim, 'POST', '/repos/octocat/hello-world/release', { tag: 'v9' })).body.deliveries, [{ event: 'release', action: 'published' }])
  t.match((await control(sim, 'POST', '/repos/octocat/hello-world/delete', { ref: 'dev', refType: 'branch' })).body.deliveries, [{ event: 'delete' }, { event: 'push' }])

  const hooks = await control(sim, 'GET', '/repos/octocat/hello-world/hooks')
  t.match(hooks.body, [{ secret: 'ctl-secret', url: receiver.url, lastResponse: { status: 'active' } }])
  const hookId = hooks.body[0].id
  t.match((await control(sim, 'PATCH', `/repos/octocat/hello-world/hooks/${hookId}`, { secret: 'rotated' })).body, { secret: 'rotated' })
  const deliveries = await control(sim, 'GET', `/deliveries?repo=octocat/hello-world&hook_id=${hookId}&event=push`)
  t.equal(deliveries.body.length, 3)
  t.match(deliveries.body[0].request.headers, { 'X-GitHub-Event': 'push', 'X-GitHub-Hook-ID': String(hookId) })
  t.equal((await control(sim, 'GET', `/deliveries?guid=${deliveries.body[0].guid}`)).body.length, 1)
  t.equal((await control(sim, 'DELETE', `/repos/octocat/hello-world/hooks/${hookId}`)).status, 204)

  t.equal((await control(sim, 'PUT', '/rate-limit', { kind: 'secondary', retryAfter: 3 })).status, 204)
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).status, 403)
  t.equal((await control(sim, 'DELETE', '/rate-limit')).status, 204)
  t.equal((await control(sim, 'PUT', '/outage', { status: 503 })).status, 204)
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).status, 503)
  t.equal((await control(sim, 'DELETE', '/outage')).status, 204)
  t.match((await control(sim, 'GET', '/stats')).body, { rateLimited: 1, outages: 1 })

  t.equal((await control(sim, 'PUT', '/oauth/decision', { decision: 'deny' })).status, 204)
  t.equal((await control(sim, 'PUT', '/oauth/authorize-as', { login: 'hubot' })).status, 204)
  await control(sim, 'POST', '/users', { login: 'temp' })

  t.equal((await control(sim, 'POST', '/reset')).status, 204)
  t.same(sim.control.hooks('octocat/hello-world'), [])
  t.same(sim.control.deliveries(), [])
  t.equal((await api(sim, '/repos/octocat/hello-world/commits', { token: 'octocat-token' })).body.length, 3, 'the pushed commits are gone')
  t.same(sim.control.stats(), { requests: 1, rateLimited: 0, outages: 0 })
  t.throws(() => sim.control.addToken('temp'), /no user or org "temp"/, 'added users are gone')
  const authorize = await fetch(`${sim.url}/login/oauth/authorize?client_id=gwm-local-client`, { redirect: 'manual' })
  t.ok(new URL(authorize.headers.get('location')!).searchParams.get('code'), 'the decision switch is back to approve')
})

t.test('reset with a new seed replaces everything', async (t) => {
  const sim = await startSim(t)
  const seed = { users: [{ login: 'solo', tokens: ['solo-token'] }], repos: [{ owner: 'solo', name: 'only', commits: [{ message: 'x' }] }] }
  t.equal((await control(sim, 'POST', '/reset', seed)).status, 204)
  t.equal((await api(sim, '/user', { token: 'octocat-token' })).status, 401)
  t.same((await api(sim, '/user/repos', { token: 'solo-token' })).body.map((r: { full_name: string }) => r.full_name), ['solo/only'])
  const bad = await control(sim, 'POST', '/reset', { repos: 'nope' })
  t.equal(bad.status, 422)
  t.match(bad.body.message, /repos must be an array/)
  t.equal((await api(sim, '/user', { token: 'solo-token' })).status, 200, 'a rejected seed changes nothing')
})
