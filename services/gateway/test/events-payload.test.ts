import t from 'tap'
import { seedEvent } from './helpers/events.ts'
import { startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'

// The payload an event is stored with comes back as stored, however deep (the worker stores
// objects nested 10,000 levels, which JSON.stringify cannot write) and digit for digit.
const { app, sim, config, orm } = await startWithGitHub(t)
const octocat = await login(app, sim, 'octocat')
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }

const DEPTH = 10_000
const nested = `${'{"a": '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`
const SHA = 'c'.repeat(40)
const repository = '{"id": 1296269, "full_name": "octocat/hello-world", "default_branch": "master"}'
// A push to the default branch: replaying it derives a production deploy from this very payload.
const deep = await seedEvent(orm, { repo: 'octocat/hello-world', payloadJson: `{"ref": "refs/heads/master", "after": "${SHA}", "repository": ${repository}, "nested": ${nested}}` })
const exact = await seedEvent(orm, { repo: 'octocat/hello-world', event: 'issues', payloadJson: `{"id": 12345678901234567890, "title": "\\u2028 \\ud83d\\ude80 \\"quoted\\"", "repository": ${repository}}` })

const depthOf = (value: unknown) => {
  let depth = 0
  for (let at = value; at !== null && typeof at === 'object'; at = (at as { a?: unknown }).a) depth++
  return depth
}

t.test('GET one event nested 10,000 deep: the whole payload, as a user and as the platform', async (t) => {
  for (const res of [await octocat.browser.request(`/api/events/${deep.deliveryId}`), await app.inject({ url: `/api/events/${deep.deliveryId}`, headers: platform })]) {
    t.equal(res.statusCode, 200, res.statusCode === 200 ? 'answered' : res.body)
    t.match(res.headers['content-type'], /^application\/json; charset=utf-8/)
    const body = res.json()
    t.match(body, { deliveryId: deep.deliveryId, event: 'push', status: 'stored', repository: { fullName: 'octocat/hello-world' }, requests: [] })
    t.equal(body.payload.ref, 'refs/heads/master')
    t.equal(depthOf(body.payload.nested), DEPTH, 'every level is there')
  }
})

t.test('the payload is the stored JSON text, not a re-serialized copy', async (t) => {
  const res = await app.inject({ url: `/api/events/${exact.deliveryId}`, headers: platform })
  t.equal(res.statusCode, 200)
  t.match(res.body, /"id": 12345678901234567890\b/, 'a number past 2^53 keeps its digits')
  t.equal(res.json().payload.title, '\u2028 \u{1f680} "quoted"')
  t.same(Object.keys(res.json()).sort(), ['action', 'decision', 'deliveryId', 'event', 'hookId', 'installationId', 'payload', 'processedAt', 'receivedAt', 'repository', 'requests', 'sender', 'source', 'status', 'traceId'])
})

t.test('the list shows it', async (t) => {
  const res = await octocat.browser.request('/api/events?repo=octocat/hello-world')
  t.equal(res.statusCode, 200)
  t.ok(res.json().events.some((event: { deliveryId: string }) => event.deliveryId === deep.deliveryId))
})

t.test('replay reads the rules from it: a production deploy, then shown with the event', async (t) => {
  const res = await octocat.browser.request({ method: 'POST', url: `/api/events/${deep.deliveryId}/replay`, headers: { 'x-csrf-token': octocat.csrfToken } })
  t.equal(res.statusCode, 202, res.statusCode === 202 ? 'accepted' : res.body)
  t.match(res.json(), { created: 1, requeued: 1, requests: [{ kind: 'production', sha: SHA, status: 'pending' }] })
  const shown = await octocat.browser.request(`/api/events/${deep.deliveryId}`)
  t.equal(shown.statusCode, 200)
  t.match(shown.json(), { status: 'pending', requests: [{ kind: 'production', callbackAttempts: [] }] })
  t.equal(depthOf(shown.json().payload.nested), DEPTH)
})
