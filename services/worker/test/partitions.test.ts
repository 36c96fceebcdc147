import { randomUUID } from 'node:crypto'
import { addJob } from '@gwm/queue'
import { example, examples, openRequestsDrift } from '@gwm/testkit'
import t from 'tap'
import { ensurePartitions } from '@gwm/domain'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// webhook_events and what hangs off it, partitioned by day of receipt, as the worker keeps them.
const b = await backing(t, {
  EVENT_RETENTION_DAYS: '1',
  PRUNE_EVENTS_INTERVAL_MS: '0',
  RECONCILE_DELIVERIES_INTERVAL_MS: '0',
  RECONCILE_PUSHES_INTERVAL_MS: '0',
  RECONCILE_HOOKS_INTERVAL_MS: '0',
  REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0',
})
const worker = await startWorker(t, b)
const DAY = 86_400_000
const sql = <T>(query: string, params: unknown[] = []) => b.orm.em.fork().execute<T[]>(query, params)
const count = async (query: string, params: unknown[] = []) => Number((await sql<{ n: string }>(`select count(*) as n from ${query}`, params))[0]?.n)
const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const day = (at: Date) => at.toISOString().slice(0, 10).replaceAll('-', '')
/** The partition each of the delivery's rows is in. */
const partitionOf = async (deliveryId: string) =>
  (await sql<{ p: string }>('select tableoid::regclass::text as p from webhook_events where delivery_id = ?', [deliveryId])).map((row) => row.p)
async function stored(deliveryId: string) {
  await until(async () => (await count('webhook_events where delivery_id = ?', [deliveryId])) === 1, 10_000, `${deliveryId} stored`)
}
async function run(name: 'prune-events' | 'maintain-partitions') {
  const job = await addJob(worker.queues.reconcile, name, {}, `${name}-${randomUUID()}`)
  return until(async () => (await worker.queues.reconcile.getJob(job.id!))?.returnvalue, 10_000, `${name} ran`)
}

/** Runs `step` again while a day it skipped lost a deadlock to the worker's writes, as the job's next run would. */
const untilNoDeadlock = <T>(step: () => Promise<T>, skipped: (result: T) => string[], what: string) =>
  until(async () => {
    const result = await step()
    return skipped(result).some((reason) => /deadlock detected/.test(reason)) ? undefined : result
  }, 10_000, what)

t.test('the worker makes the days\' partitions from today to three days ahead, at start and every two minutes, and analyzes today\'s; a day made is not made again', async (t) => {
  for (let i = 0; i <= 3; i++) {
    const suffix = day(new Date(Date.now() + i * DAY))
    for (const table of ['webhook_events', 'deployment_requests', 'callback_attempts', 'deployment_statuses']) {
      t.equal(await count('pg_class where relname = ?', [`${table}_p${suffix}`]), 1, `${table}_p${suffix}`)
    }
  }
  const today = day(new Date())
  t.match(await run('maintain-partitions'), { created: [], skipped: [], analyzed: ['webhook_events', 'deployment_requests', 'callback_attempts', 'deployment_statuses'].map((table) => `${table}_p${today}`) }, 'nothing left to make; today\'s partitions analyzed')
  const analyzed = await sql<{ relname: string }>(`select relname from pg_stat_user_tables where relname like ? and last_analyze is not null`, [`%\\_p${today}`])
  t.equal(analyzed.length, 4, 'Postgres holds fresh statistics for each of today\'s partitions')
  const schedulers = (await worker.queues.reconcile.getJobSchedulers()).map((s) => `${s.key} every ${s.every}`)
  t.ok(schedulers.includes('maintain-partitions every 120000'), 'scheduled every two minutes')
})

t.test('a delivery is stored in its day\'s partition, and one older than any partition or far ahead in the default one', async (t) => {
  const today = await b.addEvent('issues', example('issues', 'opened'))
  const old = await b.addEvent('issues', example('issues', 'opened'), { receivedAt: new Date(Date.now() - 400 * DAY) })
  const ahead = await b.addEvent('issues', example('issues', 'opened'), { receivedAt: new Date(Date.now() + 400 * DAY) })
  for (const id of [today, old, ahead]) await stored(id)
  t.same(await partitionOf(today), [`webhook_events_p${day(new Date())}`])
  t.same(await partitionOf(old), ['webhook_events_default'])
  t.same(await partitionOf(ahead), ['webhook_events_default'])
})

t.test('a delivery sent twice is stored once, also when the first copy is in another day\'s partition', async (t) => {
  const deliveryId = await b.addEvent('push', push(), { receivedAt: new Date(Date.now() + 2 * DAY) })
  await stored(deliveryId)
  await until(async () => (await count('deployment_requests d join webhook_events e on e.id = d.event_id where e.delivery_id = ?', [deliveryId])) === 1)
  // GitHub's redelivery keeps the GUID and hook, and comes now (another day, another partition).
  const job = `again-${deliveryId}`
  await b.addEvent('push', push(), { deliveryId, jobId: job })
  await until(async () => (await b.events.getJob(job))?.finishedOn, 10_000, 'the redelivery handled')
  t.equal(await count('webhook_events where delivery_id = ?', [deliveryId]), 1, 'one event')
  t.same(await partitionOf(deliveryId), [`webhook_events_p${day(new Date(Date.now() + 2 * DAY))}`], 'the first copy, where it was')
  t.equal(await count('delivery_keys where delivery_id = ?', [deliveryId]), 1, 'one key')
  t.equal(await count('deployment_requests d join webhook_events e on e.id = d.event_id where e.delivery_id = ?', [deliveryId]), 1, 'one request')
})

t.test('retention drops a day older than the cutoff whole, and moves back in what a live request still needs', async (t) => {
  // A day ten days ago gets its partition (made, as the worker makes them, for that day).
  const then = new Date(Date.now() - 10 * DAY)
  // The worker stores meanwhile: a day whose making lost a deadlock to it is skipped, and made at the next try, as the job would.
  const ensured = await untilNoDeadlock(() => ensurePartitions(b.orm.em.fork(), then, 1), (result) => result.skipped, 'the day made')
  t.same(ensured, { created: [day(then)], skipped: [] }, 'made')
  const [repository] = await sql<{ id: string }>('select id from repositories limit 1')
  const live = randomUUID()
  const gone = randomUUID()
  const request = randomUUID()
  const at = new Date(then.getTime() - (then.getTime() % DAY) + 3_600_000)
  for (const id of [live, gone]) {
    await sql(`insert into delivery_keys (hook_id, delivery_id, event_id, received_at) values (1, ?, ?, ?)`, [`d-${id}`, id, at])
    await sql(`insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload) values (?, ?, 1, 'push', ?, ?, '{}')`, [id, `d-${id}`, repository!.id, at])
  }
  // The live one: a request still held for checks, with an attempt and a platform status.
  await sql(
    `insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, attempts, created_at, updated_at, next_attempt_at, received_at)
      values (?, ?, ?, 'production', 'refs/heads/main', 'partitions', 'waiting_checks', 0, now(), now(), now(), ?)`,
    [request, live, repository!.id, at],
  )
  await sql(`insert into callback_attempts (id, request_id, at, duration_ms, received_at) values (?, ?, now(), 5, ?)`, [randomUUID(), request, at])
  await sql(`insert into deployment_statuses (id, request_id, state, fingerprint, applied, created_at, received_at) values (?, ?, 'queued', 'f', true, now(), ?)`, [randomUUID(), request, at])
  t.same(await partitionOf(`d-${gone}`), [`webhook_events_p${day(then)}`])

  // A drop that lost a deadlock to the worker's writes is skipped whole, and made at the next run, as the job would.
  const result = await untilNoDeadlock(async () => (await run('prune-events')) as { dropped: { skipped: string[] } }, (ran) => ran.dropped.skipped, 'the day dropped')
  t.match(result, { dropped: { partitions: [`p${day(then)}`], skipped: [], events: 1, kept: 1 } }, JSON.stringify(result))
  for (const table of ['webhook_events', 'deployment_requests', 'callback_attempts', 'deployment_statuses']) {
    t.equal(await count('pg_class where relname = ?', [`${table}_p${day(then)}`]), 0, `${table}_p${day(then)} dropped`)
  }
  t.equal(await count('webhook_events where id = ?', [gone]), 0, 'the event nothing needs is gone')
  t.equal(await count('delivery_keys where event_id = ?', [gone]), 0, 'and its key')
  t.same(await partitionOf(`d-${live}`), ['webhook_events_default'], 'the one a live request needs, moved to the default partition')
  t.equal(await count('deployment_requests_default where id = ?', [request]), 1, 'with its request')
  t.equal(await count('callback_attempts_default where request_id = ?', [request]), 1, 'its attempt')
  t.equal(await count('deployment_statuses_default where request_id = ?', [request]), 1, 'its status')
  t.equal(await count('delivery_keys where event_id = ?', [live]), 1, 'and its key')
  t.same(await openRequestsDrift(b.orm.em.fork()), [], 'open_requests holds the open requests as they are')
  // Its keys still hold: the request goes, and its attempt and status with it.
  await sql('delete from deployment_requests where id = ?', [request])
  t.equal(await count('callback_attempts where request_id = ?', [request]), 0, 'attempts cascade')
  t.equal(await count('deployment_statuses where request_id = ?', [request]), 0, 'statuses cascade')
  t.same(await openRequestsDrift(b.orm.em.fork()), [], 'open_requests holds the open requests as they are')
})
