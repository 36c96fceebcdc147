// A worker that crashes twice while it holds the same event job (a crash loop, or two rolling
// restarts while Postgres is slow): the acknowledged delivery must still reach Postgres.
// With BullMQ's default timing a stalled job is noticed after 30 to 60 s; the workers here use
// a 2 s lock checked every second, so each crash is noticed within about 3 s.
import pg from 'pg'
import t from 'tap'
import { openQueues, readStore } from './lib/checks.ts'
import { createSender, planDeliveries, seededRandom } from './lib/github-sender.ts'
import { until } from './lib/processes.ts'
import { startRedisServer } from './lib/redis-server.ts'
import { createStack } from './lib/stack.ts'

const BUDGET_MS = 90_000
/** How long a stalled job takes to be taken up again: lock expiry + one check + a worker start, on a busy machine. */
const STALL_MS = 25_000
const SHORT_STALLS = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' }

t.setTimeout(BUDGET_MS + 5_000)

t.test('an event job held by a worker that crashes twice is still stored', { timeout: BUDGET_MS }, async (t) => {
  const started = Date.now()
  const log = (message: string) => t.comment(`${((Date.now() - started) / 1000).toFixed(1)} s: ${message}`)
  const redis = await startRedisServer(t, { name: 'redis' })
  const stack = await createStack(t, { redisUrl: redis.url, env: SHORT_STALLS })
  const [ingest] = stack.ingests
  const [worker] = stack.workers
  await Promise.all([ingest!.start(), worker!.start()])
  const queues = await openQueues(t, redis.url, stack.prefix)
  const [events] = queues.queues

  // Postgres is slow: a long migration holds webhook_events, so the event's insert waits.
  const locker = new pg.Client({ connectionString: stack.databaseUrl })
  await locker.connect()
  t.teardown(() => locker.end())
  await locker.query('begin')
  await locker.query('lock table webhook_events in access exclusive mode')

  const { deliveries, groups } = await planDeliveries({ posts: 1, hooks: stack.hooks.slice(1), random: seededRandom(1), duplicateShare: 0 })
  const report = await createSender({ targets: [ingest!.url], perSecond: 10 }).run(groups)
  const [delivery] = deliveries
  t.ok(report.acked.has(delivery!.key), 'the ingest acknowledged the delivery')
  const jobId = `${delivery!.hookId}-${delivery!.deliveryId}`

  const heldAgain = async (stalls: number) =>
    until(
      async () => {
        const job = await events!.getJob(jobId)
        return job && (await job.getState()) === 'active' && job.stalledCounter >= stalls
      },
      STALL_MS,
      `event job taken up again after ${stalls} stall(s)`,
      250,
    )

  for (let crash = 1; crash <= 2; crash++) {
    await heldAgain(crash - 1)
    await worker!.kill('SIGKILL')
    log(`worker SIGKILLed while holding the event job (crash ${crash})`)
    await worker!.start()
  }
  // Either the job is taken up a third time (it survived both crashes) or BullMQ gave up on it.
  const outcome = await until(
    async () => {
      const found = await events!.getJob(jobId)
      const state = await found?.getState()
      if (state === 'failed') return 'failed'
      return state === 'active' && (found?.stalledCounter ?? 0) >= 2 ? 'held a third time' : undefined
    },
    STALL_MS,
    'event job taken up again after 2 stalls, or failed',
    250,
  )
  log(`event job after two crashes: ${outcome}`)

  await locker.query('commit')
  log('Postgres fast again')
  const store = await until(async () => {
    const snapshot = await readStore(stack.databaseUrl)
    return snapshot.events.has(delivery!.key) && snapshot
  }, 15_000, 'delivery stored').catch(() => undefined)
  const job = await events!.getJob(jobId)
  t.equal(store?.events.get(delivery!.key), 1, 'the acknowledged delivery is in Postgres exactly once')
  t.not(job?.failedReason, 'job stalled more than allowable limit', 'the event job was not failed for stalling')
})
