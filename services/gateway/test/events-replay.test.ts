import { DeploymentRequest } from '@gwm/domain'
import { createQueue, JOBS, QUEUES } from '@gwm/queue'
import t from 'tap'
import { startWithGitHub } from './helpers/gateway.ts'
import { seedConnection, seedEvent } from './helpers/events.ts'
import { login } from './helpers/login.ts'

// Every request asks GitHub anew: access changes here between two requests of one test.
const { app, sim, config, orm, redis } = await startWithGitHub(t, { EVENTS_ACCESS_TTL_MS: '0' })
const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
// No worker runs here: the callback jobs the replay adds stay in the queue for us to inspect.
const callbacks = createQueue(QUEUES.callbacks, redis.client, config.QUEUE_PREFIX)
t.teardown(() => callbacks.close())
const replay = (deliveryId: string, who = octocat, csrf = true) =>
  who.browser.request({ method: 'POST', url: `/api/events/${deliveryId}/replay`, headers: csrf ? { 'x-csrf-token': who.csrfToken } : {} })
const queued = () => callbacks.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized')
const stateOf = async (id: string) => (await callbacks.getJob(id))?.getState()
const requestsOf = (deliveryId: string) => orm.em.fork().find(DeploymentRequest, { event: { deliveryId } }, { orderBy: { createdAt: 'asc' } })

t.test('a failed request is sent again with its original id; a second replay adds nothing', async (t) => {
  const seeded = await seedEvent(orm, { repo: 'octocat/hello-world', ref: 'refs/heads/master', requests: [{ status: 'failed', attempts: [400] }] })
  const res = await replay(seeded.deliveryId)
  t.equal(res.statusCode, 202)
  t.match(res.json(), { deliveryId: seeded.deliveryId, created: 0, requeued: 1, enqueued: true, requests: [{ id: seeded.requestIds[0], status: 'pending', attempts: 1 }] })
  t.equal(await stateOf(seeded.requestIds[0]!), 'waiting', 'its callback job is queued under the request id')

  const again = await replay(seeded.deliveryId)
  t.equal(again.statusCode, 202)
  t.equal(again.json().created, 0)
  const rows = await requestsOf(seeded.deliveryId)
  t.same(rows.map((r) => r.id), seeded.requestIds, 'the same single request')
  t.equal(await callbacks.getJobCountByTypes('waiting'), 1, 'one job, not two')
})

t.test('replay re-runs the rules: a request the event lacks is derived and queued', async (t) => {
  const seeded = await seedEvent(orm, { repo: 'octocat/hello-world', ref: 'refs/heads/master' })
  const res = await replay(seeded.deliveryId)
  t.equal(res.statusCode, 202)
  t.match(res.json(), { created: 1, requeued: 1, requests: [{ kind: 'production', environment: 'production', ref: 'refs/heads/master', status: 'pending' }] })
  const [row] = await requestsOf(seeded.deliveryId)
  t.equal(await stateOf(row!.id), 'waiting')
  t.equal((await replay(seeded.deliveryId)).json().created, 0, 'idempotent')
})

t.test('a callback waiting out a long retry delay is sent now', async (t) => {
  const seeded = await seedEvent(orm, { repo: 'octocat/hello-world', requests: [{ status: 'pending', attempts: [503] }] })
  const id = seeded.requestIds[0]!
  // As the worker leaves it after a failed attempt: delayed for its next retry.
  await callbacks.add('platform-callback', { requestId: id }, { ...JOBS['platform-callback'].options, jobId: id, delay: 3_600_000 })
  t.equal(await stateOf(id), 'delayed')
  t.equal((await replay(seeded.deliveryId)).statusCode, 202)
  t.equal(await stateOf(id), 'waiting')
})

t.test('replay needs the CSRF token, and access to the repository; the platform may replay anything', async (t) => {
  const seeded = await seedEvent(orm, { repo: 'octocat/hello-world', requests: [{ status: 'delivered', attempts: [200] }] })
  const noCsrf = await replay(seeded.deliveryId, octocat, false)
  t.equal(noCsrf.statusCode, 403)
  t.match(noCsrf.json(), { error: 'csrf_invalid' })
  t.equal((await replay(seeded.deliveryId, hubot)).statusCode, 404)
  t.equal((await requestsOf(seeded.deliveryId))[0]?.status, 'delivered', 'nothing changed')
  const res = await app.inject({ method: 'POST', url: `/api/events/${seeded.deliveryId}/replay`, headers: { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` } })
  t.equal(res.statusCode, 202)
  t.equal(res.json().requests[0].status, 'pending')
})

t.test('a user who connected a repository and was then removed from it on GitHub cannot replay its events', async (t) => {
  sim.control.setPermission('octocat/hello-world', 'hubot', 'admin')
  t.teardown(() => sim.control.setPermission('octocat/hello-world', 'hubot', 'push'))
  await seedConnection(orm, 'octocat/hello-world', hubot.userId)
  const seeded = await seedEvent(orm, { repo: 'octocat/hello-world', requests: [{ status: 'failed', attempts: [400] }] })
  t.equal((await hubot.browser.request(`/api/events/${seeded.deliveryId}`)).statusCode, 200, 'an admin reads it')

  sim.control.setPermission('octocat/hello-world', 'hubot', 'push')
  const before = await queued()
  const demoted = await replay(seeded.deliveryId, hubot)
  t.ok([403, 404].includes(demoted.statusCode), `push rights only: ${demoted.statusCode}`)
  sim.control.setPermission('octocat/hello-world', 'hubot', null)
  const removed = await replay(seeded.deliveryId, hubot)
  t.equal(removed.statusCode, 404, 'removed: as if it did not exist')
  t.match(removed.json(), { error: 'not_found' })
  t.equal((await requestsOf(seeded.deliveryId))[0]?.status, 'failed', 'nothing changed')
  t.equal(await queued(), before, 'nothing queued')
})

t.test('replay while GitHub cannot be asked: 503, nothing changed, nothing queued', async (t) => {
  await seedConnection(orm, 'octo-org/platform', octocat.userId)
  const seeded = await seedEvent(orm, { repo: 'octo-org/platform', requests: [{ status: 'failed', attempts: [400] }] })
  const before = await queued()
  sim.control.setOutage({ status: 503 })
  t.teardown(() => sim.control.setOutage(null))
  const res = await replay(seeded.deliveryId)
  t.equal(res.statusCode, 503)
  t.match(res.json(), { error: 'github_unavailable', message: /GitHub/ })
  t.equal((await requestsOf(seeded.deliveryId))[0]?.status, 'failed', 'nothing changed')
  t.equal(await queued(), before, 'nothing queued')
  sim.control.setOutage(null)
  t.equal((await replay(seeded.deliveryId)).statusCode, 202, 'replayed once GitHub answers')
})
