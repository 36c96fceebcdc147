import { randomUUID } from 'node:crypto'
import { createOrm, DeadLetter, isPostgresUnreachable, WebhookEvent } from '@gwm/domain'
import { createRedis, QUEUES, requeueEvent } from '@gwm/queue'
import { examples } from '@gwm/testkit'
import { DelayedError, QueueEvents, Worker } from 'bullmq'
import Fastify from 'fastify'
import { Registry } from 'prom-client'
import t from 'tap'
import { makeDeadLettering } from '../src/jobs/dead-lettering.ts'
import { eventAttempts } from '../src/jobs/event-retries.ts'
import { createWorkerMetrics } from '../src/metrics.ts'
import { backing, startWorker, until } from './helpers/start-worker.ts'
import { tcpProxy } from './helpers/tcp-proxy.ts'

const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!

t.test('the default events retries: capped at 5 min, 296 attempts within 24 h', async (t) => {
  t.equal(eventAttempts({ baseMs: 1_000, maxMs: 300_000, budgetMs: 86_400_000 }), 296)
  t.equal(eventAttempts({ baseMs: 20, maxMs: 150, budgetMs: 1_500 }), 13, '20, 40, 80 ms, then 150 ms nine times')
  t.equal(eventAttempts({ baseMs: 1_000, maxMs: 300_000, budgetMs: 500 }), 1, 'a budget shorter than the first wait: no retry')
})

t.test('a delivery Postgres keeps refusing: retried with waits never over the cap, then kept as a dead letter with its reason', async (t) => {
  const plan = { EVENTS_BACKOFF_BASE_MS: '20', EVENTS_BACKOFF_MAX_MS: '150', EVENTS_RETRY_BUDGET_MS: '1500' }
  const b = await backing(t, plan)
  // Postgres itself refuses these deliveries' events (a constraint the store knows nothing of).
  await b.orm.em.getConnection().execute(`alter table webhook_events add constraint refused_by_test check (delivery_id not like 'refused-%')`)
  await startWorker(t, b)

  // Every retry's wait, as BullMQ scheduled it: the delayed event's due time less the time it was written.
  const connection = createRedis(b.redis.url, 'worker')
  const watcher = new QueueEvents(QUEUES.events, { connection, prefix: b.redis.prefix })
  t.teardown(async () => {
    await watcher.close()
    connection.disconnect()
  })
  await watcher.waitUntilReady()
  const waits: number[] = []
  watcher.on('delayed', ({ delay }, id) => waits.push(Number(delay) - Number(id.split('-')[0])))

  const payload = push()
  const deliveryId = await b.addEvent('push', payload, { deliveryId: `refused-${randomUUID()}` })
  const letter = await until(() => b.orm.em.fork().findOne(DeadLetter, { deliveryId }), 20_000, 'the dead letter')

  t.equal(letter.attempts, 13, 'as many attempts as the budget allows')
  t.match(letter.error, /refused_by_test/, `its reason: ${letter.error}`)
  t.equal(letter.jobId, `4242-${deliveryId}`)
  t.equal(letter.hookId, '4242')
  t.equal(letter.event, 'push')
  t.equal(letter.repositoryGithubId, (payload.repository as { id: number }).id)
  t.same(letter.headers, { 'x-github-delivery': deliveryId, 'x-github-event': 'push', 'x-github-hook-id': '4242' })
  t.equal(letter.payload?.toString('utf8'), JSON.stringify(payload), 'the raw payload, byte for byte')
  t.ok(letter.firstFailedAt.getTime() < letter.lastFailedAt.getTime(), 'first and last failure')
  // The waits are the budget (each checked below); the 13 attempts' own time comes on top, and on
  // a loaded machine a failing insert across the days' partitions takes up to 200 ms.
  const spentMs = letter.lastFailedAt.getTime() - letter.firstFailedAt.getTime()
  t.ok(spentMs <= 1_500 + 13 * 200, `within the budget and the time of the attempts: ${spentMs} ms`)
  t.equal(letter.replayedAt, null)
  t.equal(await b.events.getJobState(`4242-${deliveryId}`), 'failed', 'the job failed for good')
  t.equal(await b.orm.em.fork().count(WebhookEvent, { deliveryId }), 0)

  t.equal(waits.length, 12, 'a wait before each retry')
  t.ok(waits.every((wait) => wait <= 150), `no wait over the 150 ms cap: ${waits.join(', ')}`)
  t.ok(waits.slice(3).every((wait) => wait >= 100), 'the later waits are the cap')

  // Fixed, and replayed (as the gateway's replay does it) three times: one event.
  await b.orm.em.getConnection().execute('alter table webhook_events drop constraint refused_by_test')
  const data = { deliveryId, event: 'push', hookId: '4242', receivedAt: letter.receivedAt!.toISOString(), payload: letter.payload!.toString('utf8') }
  const stored = () => until(async () => (await b.events.getJobState(letter.jobId)) === 'completed', 10_000, 'the replay stored')
  await requeueEvent(b.events, letter.jobId, data)
  await requeueEvent(b.events, letter.jobId, data)
  await stored()
  await requeueEvent(b.events, letter.jobId, data)
  await stored()
  t.equal(await b.orm.em.fork().count(WebhookEvent, { deliveryId }), 1, 'stored once')
})

t.test('a payload that can never be stored is a dead letter at its first attempt', async (t) => {
  const b = await backing(t)
  await startWorker(t, b)
  const deliveryId = randomUUID()
  await b.events.add('github-event', { deliveryId, event: 'push', hookId: '4242', receivedAt: new Date().toISOString(), payload: '{"ref": ' }, { jobId: `4242-${deliveryId}` })
  const letter = await until(() => b.orm.em.fork().findOne(DeadLetter, { deliveryId }), 10_000, 'the dead letter')
  t.equal(letter.attempts, 1)
  t.match(letter.error, /payload is not valid JSON/)
  t.equal(letter.payload?.toString('utf8'), '{"ref": ')
  t.equal(letter.repositoryGithubId, null, 'no repository could be read')
})

t.test('Postgres away through the last attempt: the delivery waits in Redis, and is stored once Postgres is back', async (t) => {
  const b = await backing(t, { EVENTS_BACKOFF_BASE_MS: '20', EVENTS_BACKOFF_MAX_MS: '100', EVENTS_RETRY_BUDGET_MS: '300' })
  const direct = new URL(b.databaseUrl)
  const proxy = await tcpProxy(t, { host: direct.hostname, port: Number(direct.port || 5432) })
  const proxied = new URL(b.databaseUrl)
  proxied.hostname = '127.0.0.1'
  proxied.port = String(proxy.port)
  await startWorker(t, b, { databaseUrl: proxied.toString() })
  await proxy.stop()

  const deliveryId = await b.addEvent('push', push())
  const jobId = `4242-${deliveryId}`
  // 20, 40, 80 ms, then 100 ms once: 5 attempts, the last one made again and again while Postgres is away.
  await until(async () => ((await b.events.getJob(jobId))?.attemptsMade ?? 0) >= 4, 10_000, 'the last attempt reached')
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  t.not(await b.events.getJobState(jobId), 'failed', 'the job is not given up while its dead letter cannot be written')

  await proxy.start()
  await until(() => b.orm.em.fork().findOne(WebhookEvent, { deliveryId }), 45_000, 'stored once Postgres is back')
  t.equal(await b.orm.em.fork().count(DeadLetter, { deliveryId }), 0, 'no dead letter: it was stored')
})

t.test('Postgres unreachable is told apart from Postgres refusing, on errors a real Postgres gives', async (t) => {
  const b = await backing(t)
  const db = b.orm.em.getConnection()
  const { refusedOrm } = await unreachablePostgres(t, b)
  const refused = await refusedOrm.em.getConnection().execute('select 1').catch((err: unknown) => err)
  t.ok(isPostgresUnreachable(refused), `a refused connection: ${String(refused)}`)

  // A connection Postgres itself ends (an admin shutdown, 57P01), as a restart does.
  const own = await createOrm({ databaseUrl: b.databaseUrl, poolMax: 1 })
  t.teardown(() => own.close())
  const [backend] = await own.em.getConnection().execute<Array<{ pid: number }>>('select pg_backend_pid() as pid')
  const pid = backend!.pid
  const cut = own.em.getConnection().execute('select pg_sleep(5)').catch((err: unknown) => err)
  await until(async () => (await db.execute(`select 1 from pg_stat_activity where pid = ${pid} and state = 'active'`)).length === 1, 5_000, 'the sleep running')
  await db.execute(`select pg_terminate_backend(${pid})`)
  const terminated = await cut
  t.ok(isPostgresUnreachable(terminated), `a connection Postgres ended: ${String(terminated)}`)

  const impatient = await createOrm({ databaseUrl: b.databaseUrl, statementTimeoutMs: 50 })
  t.teardown(() => impatient.close())
  const refusals = [
    await db.execute(`insert into webhook_events (id) values ('x')`).catch((err: unknown) => err),
    await db.execute('select from nowhere_at_all').catch((err: unknown) => err),
    await db.execute('select 1/0').catch((err: unknown) => err),
    await impatient.em.getConnection().execute('select pg_sleep(1)').catch((err: unknown) => err),
  ]
  for (const error of refusals) {
    t.ok(error instanceof Error, 'Postgres answered with an error')
    t.notOk(isPostgresUnreachable(error), `Postgres refusing what was asked: ${String(error).split('\n')[0]}`)
  }
  t.notOk(isPostgresUnreachable(new Error('payload is not valid JSON')), 'an error of the data')
  t.notOk(isPostgresUnreachable('ECONNREFUSED'), 'a string is not an error')
})

t.test('a last attempt that could not reach Postgres is made again later, not kept as a dead letter, though Postgres is back for the letter', async (t) => {
  const b = await backing(t)
  const { refusedOrm } = await unreachablePostgres(t, b)
  const deliveryId = await b.addEvent('push', push())
  const connection = createRedis(b.redis.url, 'worker')
  const taker = new Worker(QUEUES.events, null, { connection, prefix: b.redis.prefix })
  t.teardown(async () => {
    await taker.close()
    connection.disconnect()
  })
  const token = randomUUID()
  const job = await taker.getNextJob(token)
  t.equal(job?.id, `4242-${deliveryId}`, 'the delivery taken as a worker takes it')

  // Every attempt is the last one; the dead letter would go to the Postgres that is up.
  const { log } = Fastify({ logger: false })
  const run = makeDeadLettering({ em: () => b.orm.em.fork(), attempts: 1, waitMs: 60_000, metrics: createWorkerMetrics(new Registry(), []), log })
  const outcome = await run(job!, token, () => refusedOrm.em.fork().getConnection().execute('select 1')).catch((err: unknown) => err)

  t.ok(outcome instanceof DelayedError, 'the attempt is put off, not failed')
  t.equal(await b.events.getJobState(job!.id!), 'delayed', 'the delivery waits in Redis')
  t.equal(await b.orm.em.fork().count(DeadLetter, { deliveryId }), 0, 'no dead letter')
})

/** An ORM whose Postgres refuses every connection: a proxy in front of the real one, stopped. */
async function unreachablePostgres(t: Parameters<typeof backing>[0], b: Awaited<ReturnType<typeof backing>>) {
  const direct = new URL(b.databaseUrl)
  const proxy = await tcpProxy(t, { host: direct.hostname, port: Number(direct.port || 5432) })
  const proxied = new URL(b.databaseUrl)
  proxied.hostname = '127.0.0.1'
  proxied.port = String(proxy.port)
  const refusedOrm = await createOrm({ databaseUrl: proxied.toString() })
  t.teardown(() => refusedOrm.close())
  await proxy.stop()
  return { refusedOrm }
}
