import { DeploymentRequest } from '@gwm/domain'
import { createQueue, QUEUES } from '@gwm/queue'
import t from 'tap'
import { startWithGitHub } from './helpers/gateway.ts'
import { type SeedRequest, seedEvent } from './helpers/events.ts'
import { login } from './helpers/login.ts'

const { app, sim, config, orm, redis } = await startWithGitHub(t)
const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
// No worker runs here: the callback jobs the replay adds stay in the queue for us to inspect.
const callbacks = createQueue(QUEUES.callbacks, redis.client, config.QUEUE_PREFIX)
t.teardown(() => callbacks.close())

const replay = (id: string, who = octocat, csrf = true) =>
  who.browser.request({ method: 'POST', url: `/api/deployments/${id}/replay`, headers: csrf ? { 'x-csrf-token': who.csrfToken } : {} })
const stateOf = async (id: string) => (await callbacks.getJob(id))?.getState()
const statusOf = async (id: string) => (await orm.em.fork().findOneOrFail(DeploymentRequest, id)).status
const oneRequest = async (request: SeedRequest) => (await seedEvent(orm, { repo: 'octocat/hello-world', requests: [request] })).requestIds[0]!

for (const [status, code] of [['delivered', 200], ['failed', 400]] as const) {
  t.test(`a ${status} request is set back to pending and its callback queued`, async (t) => {
    const id = await oneRequest({ status, attempts: [code] })
    const res = await replay(id)
    t.equal(res.statusCode, 202)
    t.same(res.json(), { requestId: id, status: 'pending' })
    t.equal(await statusOf(id), 'pending')
    t.equal(await stateOf(id), 'waiting', 'its callback job is queued under the request id')
  })
}

t.test('twice is one job', async (t) => {
  const id = await oneRequest({ status: 'failed', attempts: [500] })
  const before = await callbacks.getJobCountByTypes('waiting')
  t.equal((await replay(id)).statusCode, 202)
  const again = await replay(id)
  t.equal(again.statusCode, 202)
  t.same(again.json(), { requestId: id, status: 'pending' })
  t.equal(await callbacks.getJobCountByTypes('waiting'), before + 1, 'one job, not two')
})

t.test('a request never sent answers 409 and stays as it is', async (t) => {
  for (const status of ['superseded', 'pending'] as const) {
    const id = await oneRequest({ status })
    const res = await replay(id)
    t.equal(res.statusCode, 409, status)
    t.match(res.json(), { error: 'conflict', message: new RegExp(`is ${status}: it was never sent`) })
    t.equal(await statusOf(id), status, 'nothing changed')
    t.equal(await stateOf(id), undefined, 'nothing queued')
  }
})

t.test('an unknown id is 404, a malformed one 400', async (t) => {
  const unknown = await replay('00000000-0000-4000-8000-000000000000')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.json(), { error: 'not_found', message: /no deployment request/ })
  const malformed = await replay('not-a-uuid')
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json(), { error: 'validation_failed', message: /params\/requestId/ })
})

t.test('a user needs the CSRF token and admin rights on the repository; the platform may replay any request', async (t) => {
  const id = await oneRequest({ status: 'delivered', attempts: [200] })
  const noCsrf = await replay(id, octocat, false)
  t.equal(noCsrf.statusCode, 403)
  t.match(noCsrf.json(), { error: 'csrf_invalid' })
  const notAdmin = await replay(id, hubot)
  t.equal(notAdmin.statusCode, 403)
  t.match(notAdmin.json(), { error: 'forbidden', message: /admin rights on octocat\/hello-world/ })
  t.equal(await statusOf(id), 'delivered', 'nothing changed')
  t.equal(await stateOf(id), undefined, 'nothing queued')
  const anonymous = await app.inject({ method: 'POST', url: '/api/deployments/not-a-uuid/replay' })
  t.equal(anonymous.statusCode, 401, 'who is asking comes before the id')
  const platform = await app.inject({ method: 'POST', url: `/api/deployments/${id}/replay`, headers: { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` } })
  t.equal(platform.statusCode, 202)
  t.equal(await stateOf(id), 'waiting')
})

t.test('documented in /openapi.json', async (t) => {
  const spec = (await app.inject('/openapi.json')).json()
  const operation = spec.paths['/api/deployments/{requestId}/replay'].post
  t.equal(operation.operationId, 'replayDeploymentRequest')
  t.ok(operation.responses['202'])
  t.ok(operation.responses['409'])
})
