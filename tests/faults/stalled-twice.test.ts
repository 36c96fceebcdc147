// A worker that crashes twice while it holds the same delivery (a crash loop, or two rolling
// restarts while Postgres is slow): the acknowledged delivery must still reach Postgres, once.
// Deliveries reach a worker two ways, and each is held differently:
//  - an inbox entry its relay read (the usual way): a dead worker's entries are taken over after
//    WORKER_INBOX_RECLAIM_MS (2 s here);
//  - an events job (a batch the relay could not store goes there): with BullMQ's default timing
//    a stalled job is noticed after 30 to 60 s; here a 2 s lock is checked every second.
import { addJob, createRedis, inboxKeys, RELAY_GROUP, waitForRedis } from '@gwm/queue'
import pg from 'pg'
import t, { type Test } from 'tap'
import { openQueues, readStore } from './lib/checks.ts'
import { createSender, type Delivery, planDeliveries, seededRandom } from './lib/github-sender.ts'
import { until } from './lib/processes.ts'
import { startRedisServer } from './lib/redis-server.ts'
import { createStack } from './lib/stack.ts'

const BUDGET_MS = 90_000
/** How long a held delivery takes to be taken up again: lock expiry or reclaim + one check + a worker start, on a busy machine. */
const STALL_MS = 25_000
const SHORT_STALLS = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000', WORKER_INBOX_RECLAIM_MS: '2000' }

t.setTimeout(2 * BUDGET_MS + 10_000)

/** A stack whose Postgres is slow: a long migration holds webhook_events, so every event insert waits until release(). */
async function slowStack(t: Test) {
  const redis = await startRedisServer(t, { name: 'redis' })
  const stack = await createStack(t, { redisUrl: redis.url, env: SHORT_STALLS })
  const [ingest] = stack.ingests
  const [worker] = stack.workers
  await Promise.all([ingest!.start(), worker!.start()])
  const queues = await openQueues(t, redis.url, stack.prefix)
  const locker = new pg.Client({ connectionString: stack.databaseUrl })
  await locker.connect()
  t.teardown(() => locker.end())
  await locker.query('begin')
  await locker.query('lock table webhook_events in access exclusive mode')
  const { deliveries, groups } = await planDeliveries({ posts: 1, hooks: stack.hooks.slice(1), random: seededRandom(1), duplicateShare: 0 })
  return { redis, stack, ingest: ingest!, worker: worker!, queues, delivery: deliveries[0]!, groups, release: () => locker.query('commit') }
}

/** Kills the worker twice, each time once `held(n)` says it holds the delivery for the n-th time. */
async function crashTwice(t: Test, worker: { kill(signal: NodeJS.Signals): Promise<unknown>; start(): Promise<unknown> }, held: (times: number) => Promise<unknown>) {
  const started = Date.now()
  for (let crash = 1; crash <= 2; crash++) {
    await held(crash)
    await worker.kill('SIGKILL')
    t.comment(`${((Date.now() - started) / 1000).toFixed(1)} s: worker SIGKILLed while holding the delivery (crash ${crash})`)
    await worker.start()
  }
  await held(3)
}

async function storedOnce(databaseUrl: string, delivery: Delivery) {
  const store = await until(async () => {
    const snapshot = await readStore(databaseUrl)
    return snapshot.events.has(delivery.key) && snapshot
  }, 15_000, 'delivery stored').catch(() => undefined)
  return store?.events.get(delivery.key)
}

t.test('an inbox entry held by a worker that crashes twice is still stored', { timeout: BUDGET_MS }, async (t) => {
  const { redis, stack, ingest, worker, delivery, groups, release } = await slowStack(t)
  const report = await createSender({ targets: [ingest.url], perSecond: 10 }).run(groups)
  t.ok(report.acked.has(delivery.key), 'the ingest acknowledged the delivery')
  const { stream } = inboxKeys(stack.prefix)
  const client = createRedis(redis.url, 'producer', 'stall-checks')
  t.teardown(() => client.disconnect())
  await waitForRedis(client, 10_000)
  // The entry is pending with the live worker's relay, read `times` times (once per worker that took it).
  const held = (times: number) =>
    until(async () => {
      const pending = (await client.xpending(stream, RELAY_GROUP, '-', '+', 10)) as Array<[string, string, number, number]>
      return pending.length === 1 && pending[0]![3] >= times
    }, STALL_MS, `inbox entry read for the ${times}. time`, 250)
  await crashTwice(t, worker, held)
  await release()
  t.equal(await storedOnce(stack.databaseUrl, delivery), 1, 'the acknowledged delivery is in Postgres exactly once')
  await until(async () => (await client.xlen(stream)) === 0, 10_000, 'inbox emptied', 250)
  t.pass('the inbox is empty')
})

t.test('an events job held by a worker that crashes twice is still stored', { timeout: BUDGET_MS }, async (t) => {
  const { stack, worker, queues, delivery, release } = await slowStack(t)
  const [events] = queues.queues
  // As the relay queues a batch it could not store.
  const jobId = `${delivery.hookId}-${delivery.deliveryId}`
  const data = { deliveryId: delivery.deliveryId, event: delivery.event, hookId: String(delivery.hookId), receivedAt: new Date().toISOString(), payload: delivery.body }
  await addJob(events!, 'github-event', data, jobId)
  const held = (times: number) =>
    until(async () => {
      const job = await events!.getJob(jobId)
      if (times === 3 && (await job?.getState()) === 'failed') return true
      return job && (await job.getState()) === 'active' && job.stalledCounter >= times - 1
    }, STALL_MS, `event job taken up for the ${times}. time`, 250)
  await crashTwice(t, worker, held)
  await release()
  t.equal(await storedOnce(stack.databaseUrl, delivery), 1, 'the delivery is in Postgres exactly once')
  const job = await events!.getJob(jobId)
  t.not(job?.failedReason, 'job stalled more than allowable limit', 'the event job was not failed for stalling')
})
