import t from 'tap'
import { seedRequest } from './helpers/deployments.ts'
import { startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'

// Reading back what the platform reported: per request (GET /api/deployments/{id}), per event
// (GET /api/events/{deliveryId}) and live (the events stream).
const { app, sim, config, orm } = await startWithGitHub(t)
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }
const report = (requestId: string, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: `/api/deployments/${requestId}/statuses`, headers: platform, payload: body })

const seeded = await seedRequest(orm, { repo: 'octocat/private-notes', sequence: 3 })
await report(seeded.requestId, { state: 'queued' })
await report(seeded.requestId, { state: 'success', environmentUrl: 'https://notes.example.com/', logUrl: 'https://ci.example.com/1' })
await report(seeded.requestId, { state: 'in_progress' })

t.test('GET /api/deployments/{id}: the request, its current state and its statuses newest first', async (t) => {
  const res = await app.inject({ url: `/api/deployments/${seeded.requestId}`, headers: platform })
  t.equal(res.statusCode, 200, res.body)
  const body = res.json()
  t.match(body, {
    id: seeded.requestId,
    kind: 'production',
    environment: 'production',
    sha: seeded.sha,
    status: 'delivered',
    sequence: 3,
    deliveryId: seeded.deliveryId,
    repository: { id: 1296270, fullName: 'octocat/private-notes' },
    platformState: 'success',
    environmentUrl: 'https://notes.example.com/',
  })
  t.same(body.statuses.map((s: { state: string; applied: boolean }) => [s.state, s.applied]), [['in_progress', false], ['success', true], ['queued', true]], 'newest first')
  t.match(body.statuses[1], { environmentUrl: 'https://notes.example.com/', logUrl: 'https://ci.example.com/1', mirroredToGitHub: false })
})

t.test('GET /api/deployments/{id}: a user who can see the repository on GitHub, else 404', async (t) => {
  const reader = await login(app, sim, 'monalisa')
  const mine = await reader.browser.request(`/api/deployments/${seeded.requestId}`)
  t.equal(mine.statusCode, 200, 'monalisa may read octocat/private-notes')
  t.equal(mine.json().statuses.length, 3)
  const stranger = await login(app, sim, 'hubot')
  const hidden = await stranger.browser.request(`/api/deployments/${seeded.requestId}`)
  t.equal(hidden.statusCode, 404, 'hubot cannot see it: 404, no hint that it exists')
  t.match(hidden.json(), { error: 'not_found' })
  t.equal((await app.inject(`/api/deployments/${seeded.requestId}`)).statusCode, 401, 'nobody: 401')
  t.equal((await app.inject({ url: '/api/deployments/nope', headers: platform })).statusCode, 400, 'a malformed id: 400')
  t.equal((await app.inject({ url: '/api/deployments/6f1f0c2e-0d5e-4a51-9a3c-0c4b1b0e7d11', headers: platform })).statusCode, 404)
})

t.test('GET /api/events/{deliveryId}: each request with its current state and statuses', async (t) => {
  const res = await app.inject({ url: `/api/events/${seeded.deliveryId}`, headers: platform })
  t.equal(res.statusCode, 200)
  const [request] = res.json().requests
  t.match(request, { id: seeded.requestId, platformState: 'success', environmentUrl: 'https://notes.example.com/' })
  t.ok(request.platformStateAt)
  t.same(request.statuses.map((s: { state: string }) => s.state), ['in_progress', 'success', 'queued'], 'newest first')
  const list = await app.inject({ url: '/api/events?repo=octocat/private-notes', headers: platform })
  t.match(list.json().events[0].requests[0], { platformState: 'success', environmentUrl: 'https://notes.example.com/' }, 'the list shows the current state too')
})

t.test('the live stream carries each new status', async (t) => {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const abort = new AbortController()
  t.teardown(() => abort.abort())
  const res = await fetch(`http://127.0.0.1:${port}/api/events/stream`, { headers: platform, signal: abort.signal })
  t.equal(res.status, 200)
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let text = ''
  const until = async (what: string) => {
    const deadline = Date.now() + 5_000
    while (!text.includes(what)) {
      if (Date.now() > deadline) throw new Error(`the stream never said ${what}: ${text}`)
      const { value, done } = await reader.read()
      if (done) throw new Error('the stream ended')
      text += value
    }
  }
  await until(': connected')
  const { requestId, deliveryId, repositoryId } = await seedRequest(orm, { repo: 'octocat/hello-world' })
  const posted = await report(requestId, { state: 'success', environmentUrl: 'https://hello.example.com/' })
  const statusId = posted.json().status.id
  await until(statusId)
  const frame = text.split('\n\n').find((f) => f.includes(statusId)) ?? ''
  t.match(frame, /^event: request.platform_status\nid: \d+-\d+\ndata: /)
  t.match(JSON.parse(frame.split('data: ')[1] ?? '{}'), {
    type: 'request.platform_status', deliveryId, repositoryId, requestId, statusId,
    state: 'success', applied: true, platformState: 'success', environmentUrl: 'https://hello.example.com/',
  })
  text = ''
  await report(requestId, { state: 'success', environmentUrl: 'https://hello.example.com/' })
  await report(requestId, { state: 'queued' })
  await until('"state":"queued"')
  t.notMatch(text, /"state":"success"/, 'a repeat is not news: only the new (history-only) status was streamed')
  t.match(text, /"applied":false,"platformState":"success"/)
})
