import { randomUUID } from 'node:crypto'
import { addJob } from '@gwm/queue'
import { example, examples, openRequestsDrift } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// EVENT_RETENTION_DAYS as the worker runs it: the prune-events job on the reconcile queue.
const b = await backing(t, {
  EVENT_RETENTION_DAYS: '1',
  PRUNE_EVENTS_INTERVAL_MS: '0',
  RECONCILE_DELIVERIES_INTERVAL_MS: '0',
  RECONCILE_PUSHES_INTERVAL_MS: '0',
  RECONCILE_HOOKS_INTERVAL_MS: '0',
  REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0',
})
const worker = await startWorker(t, b)
const sql = <T>(query: string, params: unknown[] = []) => b.orm.em.fork().execute<T[]>(query, params)
const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const callbacksOf = (deliveryId: string) => b.receiver.requests.filter((r) => (r.body?.data?.event as { deliveryId?: string } | undefined)?.deliveryId === deliveryId)
const count = async (query: string, params: unknown[]) => Number((await sql<{ n: string }>(`select count(*) as n from ${query}`, params))[0]?.n)
const eventId = async (deliveryId: string) => (await sql<{ id: string }>('select id from webhook_events where delivery_id = ?', [deliveryId]))[0]?.id
/** Receipt moved back in time, as if the event had come that long ago. */
const receivedAgo = (deliveryId: string, days: number) =>
  sql(`update webhook_events set received_at = now() - ? * interval '1 day' where delivery_id = ?`, [days, deliveryId])
async function prune() {
  const job = await addJob(worker.queues.reconcile, 'prune-events', {}, `prune-${randomUUID()}`)
  return until(async () => (await worker.queues.reconcile.getJob(job.id!))?.returnvalue, 10_000, 'prune-events ran')
}
async function delivered(deliveryId: string) {
  await b.receiver.waitFor(() => callbacksOf(deliveryId).length === 1)
  await until(async () => (await count(`deployment_requests d join webhook_events e on e.id = d.event_id where e.delivery_id = ? and d.status = 'delivered'`, [deliveryId])) === 1)
}

t.test('with a retention of one day, an event of two days ago goes with its requests, attempts and statuses; a recent one and the environment\'s newest stay; a redelivery of the pruned one is stored and sent no more', async (t) => {
  // Two pushes to production two days ago (the second is what the environment runs now), and an issue event then and now.
  const old = await b.addEvent('push', push())
  await delivered(old)
  const current = await b.addEvent('push', { ...push(), after: 'b'.repeat(40) })
  await delivered(current)
  const oldIssue = await b.addEvent('issues', example('issues', 'opened'))
  const recentIssue = await b.addEvent('issues', example('issues', 'opened'))
  await until(async () => (await count('webhook_events where delivery_id in (?, ?)', [oldIssue, recentIssue])) === 2)
  const oldId = await eventId(old)
  const [request] = await sql<{ id: string }>('select id from deployment_requests where event_id = ?', [oldId])
  await sql(`insert into deployment_statuses (id, request_id, state, fingerprint, applied, created_at, received_at) select ?, id, 'success', 'f', true, now(), received_at from deployment_requests where id = ?`, [randomUUID(), request!.id])
  for (const id of [old, current, oldIssue]) await receivedAgo(id, 2)
  t.equal(await count('callback_attempts where request_id = ?', [request!.id]), 1, 'the old request had its attempt')

  const result = await prune()
  t.match(result, { events: 2, requests: 1, tombstones: 2 })
  t.equal(await count('webhook_events where delivery_id in (?, ?)', [old, oldIssue]), 0, 'the events of two days ago are gone')
  t.equal(await count('deployment_requests where id = ?', [request!.id]), 0, 'and the old push\'s request')
  t.equal(await count('callback_attempts where request_id = ?', [request!.id]), 0, 'its callback attempts')
  t.equal(await count('deployment_statuses where request_id = ?', [request!.id]), 0, 'its platform statuses')
  t.equal(await count('webhook_events where delivery_id in (?, ?)', [current, recentIssue]), 2, 'the environment\'s newest request keeps its event, and the recent event stays')
  t.equal(await count('pruned_deliveries where delivery_id in (?, ?) and hook_id = 4242', [old, oldIssue]), 2, 'a tombstone for each pruned delivery')

  // GitHub sends the pruned push again (a redelivery keeps its GUID) under a job id of its own.
  const job = `redelivery-${old}`
  await b.addEvent('push', push(), { deliveryId: old, jobId: job })
  await until(async () => (await b.events.getJob(job))?.finishedOn, 10_000, 'the redelivery handled')
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(await count('webhook_events where delivery_id = ?', [old]), 0, 'not stored again')
  t.equal(callbacksOf(old).length, 1, 'not sent to the platform again')

  // Once past the redelivery window the tombstones go too; the environment's newest stays however old.
  await sql(`update pruned_deliveries set received_at = now() - interval '5 days'`)
  t.match(await prune(), { events: 0, tombstonesPruned: 2 })
  t.equal(await count('pruned_deliveries', []), 0)
  t.equal(await count('webhook_events where delivery_id = ?', [current]), 1)
  t.same(await openRequestsDrift(b.orm.em.fork()), [], 'open_requests holds the open requests as they are')
})

t.test('a backlog is pruned in batches, the oldest first, past an event an open request still needs', async (t) => {
  const [repository] = await sql<{ id: string }>('select id from repositories limit 1')
  // A request held for checks on the oldest event, then 1,200 events of ten days ago that derived nothing.
  const open = randomUUID()
  const receivedAt = new Date(Date.now() - 20 * 86_400_000)
  await sql(`insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload) values (?, ?, 1, 'push', ?, ?, '{}')`, [open, `open-${open}`, repository!.id, receivedAt])
  await sql(
    `insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, attempts, created_at, updated_at, next_attempt_at, received_at)
      values (?, ?, ?, 'production', 'refs/heads/main', 'staging', 'waiting_checks', 0, now(), now(), now(), ?)`,
    [randomUUID(), open, repository!.id, receivedAt],
  )
  await sql(`insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload)
    select gen_random_uuid(), 'backlog-' || n, 1, 'issues', ?, now() - interval '10 days' - n * interval '1 second', '{}' from generate_series(1, 1200) n`, [repository!.id])
  t.match(await prune(), { events: 1200, tombstones: 0 }, 'three batches; none inside the redelivery window, so no tombstone')
  t.equal(await count(`webhook_events where delivery_id like 'backlog-%'`, []), 0)
  t.equal(await count('webhook_events where id = ?', [open]), 1, 'the request still open keeps its event')
  t.same(await openRequestsDrift(b.orm.em.fork()), [], 'open_requests holds the open requests as they are')
})
