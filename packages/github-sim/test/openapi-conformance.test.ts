import t from 'tap'
import { api, startReceiver, startSim } from './helpers.ts'
import { loadOpenApi } from './openapi.ts'

const openapi = loadOpenApi()

interface Case {
  /** The spec's path template for the operation. */
  op: string
  method: string
  /** The concrete request path under the API base. */
  path: string
  token?: string
  body?: unknown
  status: number
}

t.test('every REST answer the simulator gives matches GitHub\'s OpenAPI description', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t, { status: 500 })
  const created = await api(sim, '/repos/octocat/hello-world/hooks', {
    token: 'octocat-token', method: 'POST',
    body: { config: { url: receiver.url, content_type: 'json', secret: 'conformance-secret' }, events: ['push', 'pull_request'] },
  })
  const hookId = created.body.id as number
  await sim.control.idle()
  const deliveryId = sim.control.deliveries({ hookId })[0]!.id
  const hook = `/repos/octocat/hello-world/hooks/${hookId}`
  const sha = sim.control.hooks('octocat/hello-world').length > 0 ? (await api(sim, '/repos/octocat/hello-world/commits', { token: 'octocat-token' })).body[0].sha : ''

  const cases: Case[] = [
    { op: '/user', method: 'GET', path: '/user', token: 'octocat-token', status: 200 },
    { op: '/user', method: 'GET', path: '/user', token: 'not-a-token', status: 401 },
    { op: '/user', method: 'GET', path: '/user', status: 401 },
    { op: '/user/emails', method: 'GET', path: '/user/emails', token: 'octocat-token', status: 200 },
    { op: '/user/emails', method: 'GET', path: '/user/emails', token: 'octocat-read-only-token', status: 404 },
    { op: '/user/repos', method: 'GET', path: '/user/repos?per_page=2&sort=pushed', token: 'octocat-token', status: 200 },
    { op: '/user/repos', method: 'GET', path: '/user/repos?type=owner&visibility=all', token: 'octocat-token', status: 422 },
    { op: '/rate_limit', method: 'GET', path: '/rate_limit', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octocat/hello-world', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octocat/hello-world', token: 'hubot-token', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octocat/hello-world', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octo-org/platform', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octocat/private-notes', token: 'hubot-token', status: 404 },
    { op: '/repos/{owner}/{repo}/commits', method: 'GET', path: '/repos/octocat/hello-world/commits?per_page=2', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/commits', method: 'GET', path: '/repos/octocat/empty-repo/commits', token: 'octocat-token', status: 409 },
    { op: '/repos/{owner}/{repo}/commits', method: 'GET', path: '/repos/octocat/hello-world/commits?sha=nope', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/commits/{ref}', method: 'GET', path: `/repos/octocat/hello-world/commits/${sha}`, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/commits/{ref}', method: 'GET', path: '/repos/octocat/hello-world/commits/nope', token: 'octocat-token', status: 422 },
    { op: '/repos/{owner}/{repo}/branches', method: 'GET', path: '/repos/octocat/hello-world/branches', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/branches', method: 'GET', path: '/repos/nobody/nothing/branches', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'GET', path: '/repos/octocat/hello-world/hooks', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'GET', path: '/repos/hubot/scripts/hooks', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'POST', path: '/repos/octocat/hello-world/hooks', token: 'octocat-token', body: { config: { url: 'http://127.0.0.1:1/second' } }, status: 201 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'POST', path: '/repos/octocat/hello-world/hooks', token: 'octocat-token', body: { config: { url: receiver.url } }, status: 422 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'POST', path: '/repos/octocat/hello-world/hooks', token: 'hubot-token', body: { config: { url: 'http://127.0.0.1:1/x' } }, status: 403 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'POST', path: '/repos/hubot/scripts/hooks', token: 'octocat-token', body: { config: { url: 'http://127.0.0.1:1/x' } }, status: 404 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'GET', path: hook, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'GET', path: '/repos/octocat/hello-world/hooks/1', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'PATCH', path: hook, token: 'octocat-token', body: { add_events: ['release'] }, status: 200 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'PATCH', path: hook, token: 'octocat-token', body: { events: ['bogus'] }, status: 422 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/pings', method: 'POST', path: `${hook}/pings`, token: 'octocat-token', status: 204 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/pings', method: 'POST', path: '/repos/octocat/hello-world/hooks/1/pings', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries', method: 'GET', path: `${hook}/deliveries?per_page=1`, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries', method: 'GET', path: `${hook}/deliveries?cursor=garbage`, token: 'octocat-token', status: 400 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}', method: 'GET', path: `${hook}/deliveries/${deliveryId}`, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}/attempts', method: 'POST', path: `${hook}/deliveries/${deliveryId}/attempts`, token: 'octocat-token', status: 202 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'DELETE', path: hook, token: 'octocat-token', status: 204 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'DELETE', path: hook, token: 'octocat-token', status: 404 },
  ]

  for (const c of cases) {
    const res = await api(sim, c.path, { method: c.method, ...(c.token ? { token: c.token } : {}), ...(c.body !== undefined ? { body: c.body } : {}) })
    t.equal(res.status, c.status, `${c.method} ${c.path} answers ${c.status}`)
    t.same(openapi.check(c.method, c.op, res.status, res.body), [], `${c.method} ${c.op} ${res.status} matches the spec`)
  }
  await sim.control.idle()

  // Every operation the simulator serves under the API base is covered above.
  const covered = new Set(cases.map((c) => `${c.method} ${c.op}`))
  for (const route of sim.routes.filter((r) => r.url.startsWith('/api/v3/'))) {
    const op = route.url.slice('/api/v3'.length).replace(/:(\w+)/g, '{$1}')
    t.ok(openapi.spec.paths[op]?.[route.method.toLowerCase()], `${route.method} ${op} is a GitHub operation`)
    t.ok(covered.has(`${route.method} ${op}`), `${route.method} ${op} is checked against the spec`)
  }
})

t.test('the checker itself rejects a wrong shape (so a pass means something)', async (t) => {
  t.not(openapi.check('GET', '/repos/{owner}/{repo}/hooks/{hook_id}', 200, { id: 'not-a-number' }).length, 0)
  t.not(openapi.check('GET', '/user/repos', 200, [{ id: 1 }]).length, 0)
  t.throws(() => openapi.check('GET', '/not/a/path', 200, {}), /the spec has no GET \/not\/a\/path/)
  t.throws(() => openapi.check('GET', '/user', 418, {}), /no 418 answer/)
})
