import { randomUUID } from 'node:crypto'
import { CallbackAttempt, DeploymentRequest, Repository, WebhookEvent } from '@gwm/domain'
import { appendToInbox, createQueue, inboxKeys, jobId, payloadView, QUEUES } from '@gwm/queue'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { startCrashingWorker } from './helpers/crash-fixture.ts'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// Deliveries from the inbox are stored by the relay in batches, and the first callback attempt
// of each new request is made right after the commit. These tests drive that path the way the
// ingest feeds it: entries appended to the inbox.

const masterPush = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const pushTo = (repo: { id: number; name: string; branch: string }) => {
  const push = masterPush() as Record<string, any>
  push.ref = `refs/heads/${repo.branch}`
  push.repository = { ...push.repository, id: repo.id, full_name: repo.name, name: repo.name.split('/')[1], default_branch: repo.branch, master_branch: repo.branch }
  return push
}
const eventsOf = (ids: string[]) => (b: Awaited<ReturnType<typeof backing>>) => b.orm.em.fork().find(WebhookEvent, { deliveryId: { $in: ids } })

t.test('a batch is stored while the platform is slow: storing never waits for callbacks, and each is delivered once', async (t) => {
  // 4 POSTs at a time (CALLBACKS_CONCURRENCY) and 32 waiting: of 60 requests (each to its own
  // repository's production: none supersedes another), 24 go to the callbacks queue at
  // once, and those that wait longer than the 600 ms timeout for a free POST are handed to it later.
  const b = await backing(t, { CALLBACK_TIMEOUT_MS: '600' })
  for (let i = 0; i < 60; i++) b.receiver.stallNext(1, 300)
  const ids = await Promise.all(Array.from({ length: 60 }, (_, n) => b.appendEvent('push', pushTo({ id: 700_000 + n, name: `octo/service-${n}`, branch: 'master' }))))
  const worker = await startWorker(t, b)
  await until(async () => (await eventsOf(ids)(b)).length === 60, 10_000, 'all 60 events stored')
  t.ok(b.receiver.delivered().length < 30, `all 60 events were stored while only ${b.receiver.delivered().length} callbacks had arrived`)
  await b.receiver.waitFor((r) => r.delivered().length >= 60, 20_000)
  const requests = await until(async () => {
    const rows = await b.orm.em.fork().find(DeploymentRequest, { event: { deliveryId: { $in: ids } } })
    return rows.length === 60 && rows.every((row) => row.status === 'delivered') && rows
  }, 10_000, 'all 60 requests delivered')
  t.same(new Set(requests.map((r) => r.attempts)), new Set([1]), 'each request counts exactly the one attempt it took, whichever path sent it')
  t.equal(new Set(b.receiver.delivered().map((r) => r.webhookId)).size, 60, 'one webhook-id per request')
  t.equal(await b.orm.em.fork().count(CallbackAttempt, { request: { $in: requests.map((r) => r.id) } }), 60, 'one attempt stored per request')
  const metrics = (await worker.http.inject('/metrics')).body
  const paths = Object.fromEntries(['sent', 'queued', 'handed_off'].map((path) => [path, Number(metrics.match(new RegExp(`gwm_worker_first_attempts_total\\{[^}]*path="${path}"[^}]*\\} (\\d+)`))?.[1] ?? 0)]))
  t.ok(paths.sent! > 0 && paths.queued! > 0 && paths.handed_off! > 0, `each path took some: ${JSON.stringify(paths)}`)
  t.equal(paths.sent! + paths.queued! + paths.handed_off!, 60, 'and together all 60')
})

t.test('a worker killed between the batch commit and the first attempt loses nothing: the sweeper sends it once the lease runs out', async (t) => {
  const b = await backing(t)
  const { exited, committed } = await startCrashingWorker(t, b)
  await b.appendEvent('push', masterPush())
  t.equal(await exited, 'SIGKILL', 'the worker died right after the commit')
  const requestId = committed()
  t.ok(requestId, 'one request was committed')
  const row = await b.orm.em.fork().findOneOrFail(DeploymentRequest, { id: requestId! })
  t.equal(row.status, 'delivering', 'written claimed for the first attempt')
  t.equal(row.attempts, 0, 'no attempt made yet')
  t.ok(row.nextAttemptAt.getTime() - row.createdAt.getTime() >= 5_000, 'its lease keeps the sweeper away while the attempt may still be running')

  const started = Date.now()
  await startWorker(t, b)
  await b.receiver.waitFor((r) => r.delivered().length === 1, 15_000)
  t.equal(b.receiver.delivered()[0]?.webhookId, requestId)
  t.ok(Date.now() - started >= 1_000, 'not before the lease ran out')
  const delivered = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { id: requestId!, status: 'delivered' }))
  t.equal(delivered.attempts, 1)
})

t.test('a delivery the batch cannot store does not hold up the others: the batch goes to the events queue, where only that one fails', async (t) => {
  const b = await backing(t)
  // Postgres refuses one row: a constraint this test's database has, standing in for anything
  // a single delivery can trip (the columns GitHub fills are unbounded text).
  await b.orm.em.fork().execute(`alter table webhook_events add constraint refuses_one_sender check (sender <> 'refused-sender')`)
  const odd = masterPush() as Record<string, any>
  odd.sender = { ...odd.sender, login: 'refused-sender' }
  const bad = await b.appendEvent('push', odd)
  const good = await Promise.all([b.appendEvent('push', masterPush()), b.appendEvent('issues', examples('issues')[0]!)])
  await startWorker(t, b)
  await until(async () => (await eventsOf(good)(b)).length === 2, 15_000, 'the two good deliveries stored')
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  t.equal(await b.orm.em.fork().count(WebhookEvent, { deliveryId: bad }), 0, 'the bad one is not stored')
  const events = createQueue(QUEUES.events, b.redis.client, b.redis.prefix)
  t.teardown(() => events.close())
  const job = await until(async () => {
    const found = await events.getJob(jobId('4242', bad))
    return found && found.attemptsMade > 0 && found
  }, 10_000, 'the bad delivery failing as a job')
  t.match(job.failedReason, /refuses_one_sender/, 'its job says why')
  t.equal(await b.redis.client.xlen(inboxKeys(b.redis.prefix).stream), 0, 'the inbox is empty')
})

t.test('the same delivery twice is stored once and sent once, also while its first attempt is under way', async (t) => {
  const b = await backing(t)
  // The first POST takes a while: the copy (in the same batch, or read by the worker's other reader) finds it under way.
  b.receiver.stallNext(1, 400)
  const deliveryId = randomUUID()
  const entry = { jobId: jobId('4242', deliveryId), data: { deliveryId, event: 'push', hookId: '4242', receivedAt: new Date().toISOString() }, payload: Buffer.from(JSON.stringify(masterPush())) }
  await appendToInbox(b.redis.client, b.redis.prefix, [entry])
  // As after the ingest's one-hour window: the same delivery appended again.
  await b.redis.client.del(inboxKeys(b.redis.prefix).seen(entry.jobId))
  await appendToInbox(b.redis.client, b.redis.prefix, [entry])
  t.equal(await b.redis.client.xlen(inboxKeys(b.redis.prefix).stream), 2)
  await startWorker(t, b)
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  await until(async () => (await b.redis.client.xlen(inboxKeys(b.redis.prefix).stream)) === 0, 5_000, 'inbox emptied')
  t.equal(await b.orm.em.fork().count(WebhookEvent, { deliveryId }), 1)
  t.equal(await b.orm.em.fork().count(DeploymentRequest, { event: { deliveryId } }), 1)
  await new Promise((resolve) => setTimeout(resolve, 600))
  t.equal(b.receiver.delivered().length, 1, 'one callback, not one per copy')
})

t.test('a renamed repository is updated from the newest delivery, and each request keeps the name it was made with', async (t) => {
  const b = await backing(t)
  await startWorker(t, b)
  const before = await b.appendEvent('push', pushTo({ id: 555_001, name: 'octo/old-name', branch: 'main' }))
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  const after = await b.appendEvent('push', pushTo({ id: 555_001, name: 'octo/new-name', branch: 'main' }))
  await b.receiver.waitFor((r) => r.delivered().length === 2, 10_000)
  const repository = await b.orm.em.fork().findOneOrFail(Repository, { githubId: 555_001 })
  t.equal(repository.fullName, 'octo/new-name')
  const names = b.receiver.delivered().map((r) => (r.body?.data?.repository as { fullName?: string } | undefined)?.fullName)
  t.same(names, ['octo/old-name', 'octo/new-name'])
  const stored = await b.orm.em.fork().find(WebhookEvent, { deliveryId: { $in: [before, after] } }, { populate: ['repository'] })
  t.same(new Set(stored.map((e) => e.repository?.id)), new Set([repository.id]), 'both events belong to the one repository row')
})

t.test('a payload is stored as the text GitHub sent: its spacing, key order and characters, as the ingest passed them on', async (t) => {
  const b = await backing(t)
  const push = masterPush()
  const { repository, ...rest } = push
  // Pretty-printed, keys in an order no serializer would choose, non-ASCII text and an escape.
  const text = JSON.stringify({ zeta: 'ünïcødé ✓ \u2028', ...rest, repository }, null, 2).replace('"zeta"', '"zeta" ')
  const deliveries = [
    // From an ingest that sent its view of the payload, and from one that did not (the worker parses).
    { view: payloadView(push) },
    {},
  ].map((extra) => {
    const deliveryId = randomUUID()
    return { jobId: jobId('4242', deliveryId), data: { deliveryId, event: 'push', hookId: '4242', receivedAt: new Date().toISOString(), ...extra }, payload: Buffer.from(text) }
  })
  await appendToInbox(b.redis.client, b.redis.prefix, deliveries)
  await startWorker(t, b)
  await until(async () => (await b.orm.em.fork().count(WebhookEvent, { deliveryId: { $in: deliveries.map((d) => d.data.deliveryId) } })) === 2, 10_000, 'both stored')
  for (const { data } of deliveries) {
    const [row] = (await b.orm.em.fork().execute('select payload::text as payload from webhook_events where delivery_id = ?', [data.deliveryId])) as Array<{ payload: string }>
    t.equal(row?.payload, text, `${'view' in data ? 'with' : 'without'} the ingest's view: the same text`)
  }
})

t.test('an inbox entry whose payload view is malformed is not stored on its say-so: it fails as a job that names the view, the others are stored', async (t) => {
  const b = await backing(t)
  const deliveryId = randomUUID()
  const bad = { jobId: jobId('4242', deliveryId), data: { deliveryId, event: 'push', hookId: '4242', receivedAt: new Date().toISOString(), view: 'not an object' }, payload: Buffer.from(JSON.stringify(masterPush())) }
  await appendToInbox(b.redis.client, b.redis.prefix, [bad] as unknown as Parameters<typeof appendToInbox>[2])
  const good = await b.appendEvent('push', masterPush())
  await startWorker(t, b)
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  t.equal(await b.orm.em.fork().count(WebhookEvent, { deliveryId: good }), 1, 'the good delivery is stored')
  const events = createQueue(QUEUES.events, b.redis.client, b.redis.prefix)
  t.teardown(() => events.close())
  const job = await until(async () => {
    const found = await events.getJob(bad.jobId)
    return found?.failedReason ? found : null
  }, 10_000, 'the malformed entry failing as a job')
  t.match(job.failedReason, /view/, `its job says why: ${job.failedReason}`)
  t.equal(await b.orm.em.fork().count(WebhookEvent, { deliveryId }), 0, 'it is not stored')
})
