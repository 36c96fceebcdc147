import { randomUUID } from 'node:crypto'
import { CallbackAttempt, DeploymentRequest, Repository, User, Webhook, WebhookEvent } from '@gwm/domain'
import { type ActivityMessage, activityEntries, activityStream, addJob } from '@gwm/queue'
import { example, examples } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// One database, Redis prefix, receiver and worker for the whole file; each test looks only
// at its own deliveries.
const b = await backing(t, { EVENTS_CONCURRENCY: '8' })
const worker = await startWorker(t, b)
const em = () => b.orm.em.fork()
const pushToDefault = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const callbacksOf = (deliveryId: string) => b.receiver.requests.filter((r) => (r.body?.data?.event as { deliveryId?: string } | undefined)?.deliveryId === deliveryId)
const settle = () => new Promise((resolve) => setTimeout(resolve, 300))
const completed = (jobId: string) => until(async () => (await b.events.getJob(jobId))?.isCompleted(), 10_000, `job ${jobId} completed`)

t.test('a push to the default branch is stored and reaches the platform as a signed deployment.requested', async (t) => {
  const payload = pushToDefault()
  const deliveryId = await b.addEvent('push', payload)
  await b.receiver.waitFor(() => callbacksOf(deliveryId).length === 1)

  const event = await em().findOneOrFail(WebhookEvent, { deliveryId }, { populate: ['repository'] })
  t.equal(event.event, 'push')
  t.equal(event.hookId, 4242)
  t.equal(event.sender, (payload.sender as { login: string }).login)
  t.ok(event.processedAt)
  t.same(event.payload, payload, 'payload stored whole')
  t.equal(event.repository?.fullName, 'Codertocat/Hello-World')
  const request = await until(() => em().findOne(DeploymentRequest, { event: event.id, status: 'delivered' }))
  t.match(request, { kind: 'production', environment: 'production', ref: 'refs/heads/master', sha: payload.after, attempts: 1 })

  const [got] = callbacksOf(deliveryId)
  t.equal(got?.verified, true, 'Standard Webhooks signature checks out')
  t.equal(got?.webhookId, request.id, 'webhook-id is the request id')
  t.match(got?.body, {
    type: 'deployment.requested',
    id: request.id,
    data: { kind: 'production', environment: 'production', sha: payload.after, repository: { fullName: 'Codertocat/Hello-World' }, event: { deliveryId, name: 'push' } },
  })
  t.equal(await em().count(CallbackAttempt, { request: request.id, statusCode: 200 }), 1)

  const metrics = await worker.http.inject('/metrics')
  t.match(metrics.body, /gwm_worker_events_total\{event="push",outcome="stored",service="worker"\} \d/)
  t.match(metrics.body, /gwm_worker_callback_attempts_total\{outcome="delivered",status_class="2xx",service="worker"\} \d/)
})

t.test('pull_request opened, then closed: a preview, then its teardown', async (t) => {
  const opened = await b.addEvent('pull_request', example('pull_request', 'opened'))
  await b.receiver.waitFor(() => callbacksOf(opened).length === 1)
  const closed = await b.addEvent('pull_request', example('pull_request', 'closed'))
  await b.receiver.waitFor(() => callbacksOf(closed).length === 1)
  t.match(callbacksOf(opened)[0]?.body, { type: 'deployment.requested', data: { kind: 'preview', environment: 'pr-2', ref: 'refs/pull/2/head', pullRequestNumber: 2, pullRequest: { number: 2, fromFork: false, headRef: 'changes', baseRef: 'master' } } })
  t.match(callbacksOf(closed)[0]?.body, { type: 'deployment.teardown', data: { kind: 'teardown', environment: 'pr-2' } })
})

t.test('other events are stored and visible, not forwarded; ping marks the hook verified', async (t) => {
  const ping = example('ping')
  const hookId = ping.hook_id as number
  const setup = em()
  const repo = setup.create(Repository, { githubId: 1, fullName: 'octo/app' })
  setup.create(Webhook, { githubHookId: hookId, repository: repo, events: ['push'], secretEncrypted: 'v1.x.y.z' })
  await setup.flush()

  const issue = await b.addEvent('issues', example('issues'))
  const pinged = await b.addEvent('ping', ping, { hookId })
  await until(() => em().count(WebhookEvent, { deliveryId: { $in: [issue, pinged] } }).then((n) => n === 2))
  t.equal(await em().count(DeploymentRequest, { event: { deliveryId: { $in: [issue, pinged] } } }), 0)
  t.ok((await em().findOneOrFail(Webhook, { githubHookId: hookId })).verifiedAt, 'hook verified by its ping')
  await settle()
  t.equal(callbacksOf(issue).length + callbacksOf(pinged).length, 0, 'nothing sent to the platform')
})

t.test('a duplicate delivery changes nothing: one row, one request, one callback', async (t) => {
  const payload = pushToDefault()
  const deliveryId = await b.addEvent('push', payload)
  await b.receiver.waitFor(() => callbacksOf(deliveryId).length === 1)
  // GitHub redelivers: same delivery id. A new job id (the first job is gone) reaches the worker.
  await b.addEvent('push', payload, { deliveryId, jobId: `${deliveryId}-again` })
  await completed(`${deliveryId}-again`)
  t.equal(await em().count(WebhookEvent, { deliveryId }), 1)
  t.equal(await em().count(DeploymentRequest, { event: { deliveryId } }), 1)
  await settle()
  t.equal(callbacksOf(deliveryId).length, 1)
})

t.test('concurrent deliveries of one event: one row, one request, one callback', async (t) => {
  const payload = pushToDefault()
  const deliveryId = randomUUID()
  const jobs = Array.from({ length: 8 }, (_, i) => `${deliveryId}-${i}`)
  await Promise.all(jobs.map((jobId) => b.addEvent('push', payload, { deliveryId, jobId })))
  for (const id of jobs) await completed(id)
  t.equal(await em().count(WebhookEvent, { deliveryId }), 1)
  t.equal(await em().count(DeploymentRequest, { event: { deliveryId } }), 1)
  await b.receiver.waitFor(() => callbacksOf(deliveryId).length === 1)
  await settle()
  t.equal(callbacksOf(deliveryId).length, 1)
})

t.test('a payload that is not JSON fails at once and stores nothing', async (t) => {
  await addJob(b.events, 'github-event', { deliveryId: 'bad-1', event: 'push', receivedAt: new Date().toISOString(), payload: '{nope' }, 'bad-1')
  await until(async () => (await b.events.getJob('bad-1'))?.isFailed())
  const job = (await b.events.getJob('bad-1'))!
  t.equal(job.attemptsMade, 1, 'not retried')
  t.match(job.failedReason, /not valid JSON/)
  t.equal(await em().count(WebhookEvent, { deliveryId: 'bad-1' }), 0)
})

t.test('user-provisioned becomes one user.provisioned callback, even if the job runs twice', async (t) => {
  const setup = em()
  const user = setup.create(User, { githubId: 583231, login: 'octocat' })
  await setup.flush()
  const data = { userId: user.id, githubId: 583231, login: 'octocat' }
  const ofUser = () => b.receiver.requests.filter((r) => r.body?.type === 'user.provisioned')
  await addJob(b.events, 'user-provisioned', data, `user-${user.id}`)
  await b.receiver.waitFor(() => ofUser().length === 1)
  await addJob(b.events, 'user-provisioned', data, `user-${user.id}-again`)
  await completed(`user-${user.id}-again`)
  await settle()
  t.equal(ofUser().length, 1)
  t.match(ofUser()[0]?.body, { type: 'user.provisioned', data })
  t.equal(ofUser()[0]?.verified, true)
})

t.test('the worker publishes the live feed: event.stored, then each request status change', async (t) => {
  const [last] = await b.redis.client.xrevrange(activityStream(b.redis.prefix), '+', '-', 'COUNT', 1)
  let seen: ActivityMessage[] = []
  const read = async () => {
    seen = activityEntries(await b.redis.client.xrange(activityStream(b.redis.prefix), `(${last?.[0] ?? '0-0'}`, '+')).map((entry) => entry.message)
    return seen
  }
  const deliveryId = await b.addEvent('push', pushToDefault())
  await until(async () => (await read()).some((m) => m.type === 'request.status' && m.deliveryId === deliveryId && m.status === 'delivered'))
  const mine = seen.filter((m) => m.deliveryId === deliveryId)
  t.match(mine[0], { type: 'event.stored', event: 'push', requests: 1 })
  t.ok(mine[0]?.repositoryId, 'names the repository, so the gateway can filter per user')
  t.same(mine.slice(1).map((m) => (m.type === 'request.status' ? m.status : m.type)), ['delivering', 'delivered'])
})
