import { DeploymentRequest } from '@gwm/domain'
import { createQueue, QUEUES } from '@gwm/queue'
import t from 'tap'
import { startWithGitHub } from './helpers/gateway.ts'
import { seedEvent, type SimRepo } from './helpers/events.ts'
import { login } from './helpers/login.ts'

const { app, sim, config, orm, redis } = await startWithGitHub(t)
const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
// No worker runs here: the callback jobs the replay adds stay in the queue for us to inspect.
const callbacks = createQueue(QUEUES.callbacks, redis.client, config.QUEUE_PREFIX)
t.teardown(() => callbacks.close())

const HELLO = '/api/repos/octocat/hello-world/replay-failed'
const replayFailed = (body: object, who = octocat, url = HELLO) =>
  who.browser.request({ method: 'POST', url, headers: { 'x-csrf-token': who.csrfToken }, payload: body })
const stateOf = async (id: string) => (await callbacks.getJob(id))?.getState()
const statusOf = async (id: string) => (await orm.em.fork().findOneOrFail(DeploymentRequest, id)).status
const waitingJobs = () => callbacks.getJobCountByTypes('waiting')
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000)

/** One event of `repo` whose request failed `hoursBack` hours ago (as the worker leaves it). */
async function failedRequest(repo: SimRepo, hoursBack: number) {
  const seeded = await seedEvent(orm, { repo, requests: [{ status: 'failed', attempts: [400] }] })
  const id = seeded.requestIds[0]!
  await orm.em.fork().execute('update deployment_requests set updated_at = ? where id = ?', [hoursAgo(hoursBack), id])
  return id
}

t.test('the failed requests of a repository since a time are queued again, oldest failure first; nothing else', async (t) => {
  const older = await failedRequest('octocat/hello-world', 5)
  const newer = await failedRequest('octocat/hello-world', 1)
  const beforeSince = await failedRequest('octocat/hello-world', 48)
  const delivered = (await seedEvent(orm, { repo: 'octocat/hello-world', requests: [{ status: 'delivered', attempts: [200] }] })).requestIds[0]!
  const elsewhere = await failedRequest('hubot/scripts', 1)

  const res = await replayFailed({ since: hoursAgo(24).toISOString() })
  t.equal(res.statusCode, 202)
  t.match(res.json(), { repository: 'octocat/hello-world', queued: 2, more: false, enqueued: true })
  t.same(res.json().requestIds, [older, newer], 'oldest failure first')
  for (const id of [older, newer]) {
    t.equal(await statusOf(id), 'pending', 'set back to pending')
    t.equal(await stateOf(id), 'waiting', 'its callback job is queued under the request id')
  }
  t.equal(await statusOf(beforeSince), 'failed', 'a failure before `since` stays')
  t.equal(await statusOf(delivered), 'delivered')
  t.equal(await statusOf(elsewhere), 'failed', 'another repository\'s request stays')
  t.equal(await stateOf(beforeSince), undefined)
  t.equal(await stateOf(elsewhere), undefined)
})

t.test('twice is once; a request that failed again is queued again', async (t) => {
  const id = await failedRequest('octo-org/platform', 1)
  const since = hoursAgo(2).toISOString()
  const url = '/api/repos/octo-org/platform/replay-failed'
  const before = await waitingJobs()
  t.match((await replayFailed({ since }, octocat, url)).json(), { queued: 1, requestIds: [id] })
  const again = await replayFailed({ since }, octocat, url)
  t.equal(again.statusCode, 202)
  t.match(again.json(), { queued: 0, more: false, requestIds: [] })
  t.equal(await waitingJobs(), before + 1, 'one job, not two')

  // The worker tried it and it failed again (its job is done): the next call queues it once more.
  await (await callbacks.getJob(id))?.remove()
  await orm.em.fork().nativeUpdate(DeploymentRequest, { id }, { status: 'failed' })
  t.match((await replayFailed({ since }, octocat, url)).json(), { queued: 1, requestIds: [id] })
  t.equal(await stateOf(id), 'waiting')
})

t.test('at most `limit` are queued at once, and the answer says more remain', async (t) => {
  const ids: string[] = []
  for (let i = 5; i >= 1; i--) ids.push(await failedRequest('hubot/scripts', i / 10))
  const since = hoursAgo(0.6).toISOString()
  const url = '/api/repos/hubot/scripts/replay-failed'
  const first = (await replayFailed({ since, limit: 2 }, hubot, url)).json()
  t.match(first, { queued: 2, more: true })
  const second = (await replayFailed({ since, limit: 2 }, hubot, url)).json()
  t.match(second, { queued: 2, more: true })
  const third = (await replayFailed({ since, limit: 2 }, hubot, url)).json()
  t.match(third, { queued: 1, more: false })
  t.same([...first.requestIds, ...second.requestIds, ...third.requestIds], ids, 'each once, oldest failure first')
})

t.test('two calls at once take each failed request once between them', async (t) => {
  const ids: string[] = []
  for (let i = 0; i < 6; i++) ids.push(await failedRequest('octo-org/platform', 0.1))
  const url = '/api/repos/octo-org/platform/replay-failed'
  const body = { since: hoursAgo(0.2).toISOString(), limit: 4 }
  const answers = await Promise.all([replayFailed(body, octocat, url), replayFailed(body, octocat, url)])
  t.same(answers.map((res) => res.statusCode), [202, 202])
  const taken = answers.flatMap((res) => res.json().requestIds as string[])
  t.equal(taken.length, 6, 'all six, between the two')
  t.same([...taken].sort(), [...ids].sort(), 'none twice')
  for (const id of ids) t.equal(await stateOf(id), 'waiting')
})

t.test('the platform may replay any repository known here, without CSRF', async (t) => {
  const id = await failedRequest('octocat/hello-world', 1)
  const res = await app.inject({ method: 'POST', url: HELLO, headers: { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }, payload: { since: hoursAgo(2).toISOString() } })
  t.equal(res.statusCode, 202)
  t.match(res.json(), { queued: 1, requestIds: [id] })
})

t.test('a user who does not administer the repository on GitHub replays nothing', async (t) => {
  const id = await failedRequest('octocat/hello-world', 1)
  const res = await replayFailed({ since: hoursAgo(2).toISOString() }, hubot)
  t.equal(res.statusCode, 403)
  t.match(res.json(), { error: 'forbidden', message: /admin rights on octocat\/hello-world/ })
  t.equal(await statusOf(id), 'failed', 'nothing changed')
  t.equal(await stateOf(id), undefined, 'nothing queued')
})

t.test('documented in /openapi.json', async (t) => {
  const spec = (await app.inject('/openapi.json')).json()
  const operation = spec.paths['/api/repos/{owner}/{repo}/replay-failed'].post
  t.equal(operation.operationId, 'replayFailedRequests')
  t.ok(operation.responses['202'])
  t.match(operation.requestBody.content['application/json'].schema, { required: ['since'], properties: { limit: { maximum: 500 } } })
})
