import type { EntityManager } from '@mikro-orm/postgresql'
import { runPrepared } from './run-prepared.ts'

/** Where a request just written stands once its environment's queue has been looked at. */
export interface Coalesced {
  id: string
  /** delivering: send it now (leased to the caller); pending: it waits for the one in flight; superseded / cancelled: never sent. */
  status: 'delivering' | 'pending' | 'superseded' | 'cancelled'
  sequence: number
  /** The ids this one replaced before they were sent. */
  supersedes: string[]
}

// One statement (the requests just written, in order): each gets the next sequence of its
// (repository, environment); per environment the newest one (the latest GitHub delivered, by the
// ingest's time) is the head and the others of the batch are superseded by it, as are the
// environment's older requests not yet sent (pending, waiting for checks, or delivering with a
// lease run out: their worker died). A head that is older than a request of its environment
// already stored (two workers stored them in the other order) is superseded by that one instead:
// nothing older is sent after something newer. Each request keeps its event's receipt time, so
// that is a range of the (repository, environment, received_at) index, typically empty, not a
// join of the environment's recent requests to their events. Each head's environment is read
// through a lateral subquery, so by its (repository, environment, …) index: as a join, the
// planner scanned every request in flight in every environment once per head. A head waits (pending) while another request of
// its environment is in flight (delivering, leased); a teardown whose environment's last request
// is already a teardown is cancelled (one teardown per branch deletion, whichever of push and
// delete came first); its environment's last request still standing is found among those standing
// (by the status index), not by walking its sequence down past every superseded and cancelled one:
// a branch deleted again and again piles up cancelled teardowns, and that walk read them all for
// each new one (1.4 s of a 1.5 s batch of 200 after 20 minutes at 500/s, by EXPLAIN ANALYZE).
// supersededBy names the request that replaced one directly, and supersedes
// the ones a request replaced directly: re-pointing a whole chain at each newer head rewrote every
// request an environment had superseded, over and over, while one stayed in flight (see wentInstead).
// An environment's older requests still to be sent, and the one in flight, are read from
// open_requests, which holds the open ones alone (Migration20261207080000): by deployment_requests'
// (repository, environment, status) index, each lookup read every day's partition, ever more as
// days were kept (bench/queue-partitions.ts); by receipt time, every request the environment ever
// had (auto_explain, 8 minutes at 500/s). Each is then changed by id and receipt time: one partition.
// The batch's requests are found by id through a lateral subquery (offset 0: never flattened into
// a join), one index probe each: as a join, the one generic plan the worker keeps
// (session-settings.ts) hashed the day's partition whole for every batch, ever longer as it filled.
// Each probe names the request's receipt time too, so it reads its own day's partition only: by
// id alone it read every day's (bench/queue-partitions.ts).
export const COALESCE_SQL = `
  with q as (select * from unnest(?::uuid[], ?::timestamptz[]) with ordinality as q (id, at, ord)),
  r as (
    select d.id, d.repository_id, d.environment, d.kind, q.ord, d.received_at as at
    from q cross join lateral (select * from deployment_requests d where d.id = q.id and d.received_at = q.at offset 0) d
  ),
  counts as (select repository_id, environment, count(*)::int as n from r group by repository_id, environment),
  s as (
    insert into environment_sequences (repository_id, environment, last_sequence)
    select repository_id, environment, n from counts
    on conflict (repository_id, environment) do update set last_sequence = environment_sequences.last_sequence + excluded.last_sequence
    returning repository_id, environment, last_sequence
  ),
  numbered as (
    select r.id, r.repository_id, r.environment, r.kind, r.at,
      s.last_sequence - counts.n + row_number() over (partition by r.repository_id, r.environment order by r.at, r.ord) as sequence,
      row_number() over (partition by r.repository_id, r.environment order by r.at desc, r.ord desc) = 1 as head
    from r join s using (repository_id, environment) join counts using (repository_id, environment)
  ),
  heads as (select * from numbered where head),
  late as (
    select h.id, (
      select x.id from deployment_requests x
      where x.repository_id = h.repository_id and x.environment = h.environment and x.received_at > h.at
        and not x.id = any(?::uuid[]) and x.sequence is not null and x.status <> 'cancelled'
      order by (x.status = 'superseded'), x.received_at desc limit 1) as newer_id
    from heads h
  ),
  live as (select h.* from heads h where h.id not in (select id from late where newer_id is not null)),
  earlier as (
    select e.id, e.received_at, h.id as head_id from live h cross join lateral (
      select d.id, d.received_at from open_requests d
      where d.repository_id = h.repository_id and d.environment = h.environment
        and not d.id = any(?::uuid[]) and d.received_at <= h.at
        and (d.status <> 'delivering' or d.next_attempt_at <= ?::timestamptz)
      offset 0) e
  ),
  old as (
    update deployment_requests d set status = 'superseded', superseded_by = e.head_id, updated_at = ?::timestamptz
    from earlier e where d.id = e.id and d.received_at = e.received_at returning d.id),
  busy as (
    select h.id from live h cross join lateral (
      select 1 from open_requests x where x.repository_id = h.repository_id and x.environment = h.environment
        and x.status = 'delivering' and x.next_attempt_at > ?::timestamptz and not x.id = any(?::uuid[])
      limit 1) b
  ),
  torn as (
    select h.id from live h where h.kind = 'teardown' and (
      select x.kind from (
        select x.kind, x.sequence from deployment_requests x where x.repository_id = h.repository_id and x.environment = h.environment
          and x.status in ('pending', 'delivering', 'delivered', 'failed', 'waiting_checks', 'blocked')
          and not x.id = any(?::uuid[]) and x.id not in (select id from earlier) and x.sequence is not null
        offset 0) x
      order by x.sequence desc limit 1) = 'teardown'
  ),
  -- Who replaced each request of the batch that does not go: its head, or what replaced a late head.
  replaced as (
    select n.id, coalesce(l.newer_id, h.id) as by
    from numbered n join heads h on h.repository_id = n.repository_id and h.environment = n.environment
    left join late l on l.id = h.id
    where not n.head or l.newer_id is not null
  ),
  u as (
    update deployment_requests d set sequence = n.sequence, updated_at = ?::timestamptz,
      status = case
        when n.id in (select id from replaced) then 'superseded'
        when n.id in (select id from torn) then 'cancelled'
        when n.id in (select id from busy) and d.status <> 'waiting_checks' then 'pending'
        else d.status end,
      last_error = case when n.id in (select id from torn) then 'not sent: the environment was already torn down (one teardown per branch deletion)' else d.last_error end,
      superseded_by = (select by from replaced where replaced.id = n.id),
      -- What it replaced, kept with it: every attempt and replay sends the same body.
      details = case when n.id in (select id from replaced) then d.details else jsonb_set(coalesce(d.details, '{}'::jsonb), '{supersedes}', to_jsonb(array(
        select e.id::text from earlier e where e.head_id = n.id
        union all select r.id::text from replaced r where r.by = n.id
        order by 1))) end,
      next_attempt_at = case when n.id in (select id from busy) and d.status <> 'waiting_checks' then ?::timestamptz else d.next_attempt_at end
    from numbered n where d.id = n.id and d.received_at = n.at
    returning d.id, d.status, d.sequence, n.head
  )
  select u.id, u.status, u.sequence,
    case when u.status <> 'superseded' then array(
      select e.id::text from earlier e where e.head_id = u.id
      union all select r.id::text from replaced r where r.by = u.id
      order by 1
    ) else '{}'::text[] end as supersedes
  from u`

/** A request and the queue it waits in: its repository's environment. */
export interface QueuedRequest {
  id: string
  repositoryId: string
  environment: string
  /** Its event's receipt time: the day's partition it is in. */
  receivedAt: Date
}

// Coalescing and next-in-line read an environment's queue and then change it: two workers doing so
// at once each read the queue as it was before the other's change (one statement's snapshot is
// taken before it waits for a row the other holds), and an older push stored by one could be put
// after a newer one stored by the other and go instead, or two requests go at once. Each takes
// its environments' locks first, in one order (no deadlock), in a transaction of its own; its
// statement then reads the queue as the one before it left it. The locks are named by the callers'
// own (repository, environment): found by request id, they cost a probe of every partition.
const LOCK_QUEUES_SQL = `
  select pg_advisory_xact_lock(k) from (
    select distinct hashtextextended(q.key, 0) as k from unnest(?::text[]) as q (key) order by k offset 0) keys`

/** Every queue lock's name: this, then the repository id and the environment, colon-separated. */
const QUEUE_LOCK_PREFIX = 'gwm-queue:'

const lockQueuesOf = (requests: QueuedRequest[]) => ({
  sql: LOCK_QUEUES_SQL,
  values: [[...new Set(requests.map((r) => `${QUEUE_LOCK_PREFIX}${r.repositoryId}:${r.environment}`))]],
})

// A claim knows only its request's id: the same lock, named from the request's row among the
// open ones (only an open request can be claimed).
const LOCK_QUEUE_OF_SQL = `
  select pg_advisory_xact_lock(hashtextextended(?::text || d.repository_id || ':' || d.environment, 0))
  from open_requests d where d.id = ?::uuid`

/**
 * The lock of the queue the request with this id waits in (none for an id of no open request),
 * to take before a statement that sends from that queue: see runPrepared's lockFirst.
 */
export const queueLockOf = (id: string) => ({ sql: LOCK_QUEUE_OF_SQL, values: [QUEUE_LOCK_PREFIX, id] })

/** COALESCE_SQL's values for these requests, written in this order. */
export function coalesceValues(requests: QueuedRequest[], at: Date): unknown[] {
  const ids = requests.map((r) => r.id)
  return [ids, requests.map((r) => r.receivedAt), ids, ids, at, at, at, ids, ids, at, at]
}

/**
 * Puts requests just written (in the order they were derived) in their environments' queues:
 * sequence numbers, the newest per environment ahead of everything older, one in flight at a time.
 */
export async function coalesce(em: EntityManager, requests: QueuedRequest[], at: Date): Promise<Map<string, Coalesced>> {
  if (requests.length === 0) return new Map()
  const rows = await runPrepared<{ id: string; status: Coalesced['status']; sequence: number; supersedes: string[] }>(em, COALESCE_SQL, coalesceValues(requests, at), { lockFirst: lockQueuesOf(requests), byIndex: true })
  return new Map(rows.map((row) => [row.id, { id: row.id, status: row.status, sequence: Number(row.sequence), supersedes: row.supersedes ?? [] }]))
}

// After requests settle (delivered, failed, or back to pending for a retry): per environment, the
// newest request waiting its turn is next, and everything older not yet sent (a retry included)
// is superseded by it. Resolves to the requests now free to go (none of theirs in flight). The
// settled requests are read by id first, then each environment's newest pending one among the open
// requests (see COALESCE_SQL): driven from every pending request instead, the plan read each one's
// whole environment.
export const NEXT_SQL = `
  with settled as (
    select d.repository_id, d.environment, min(d.sequence) as sequence
    from unnest(?::uuid[], ?::timestamptz[]) as s (id, at) cross join lateral (
      select * from deployment_requests d where d.id = s.id and d.received_at = s.at and d.sequence is not null offset 0) d
    group by d.repository_id, d.environment
  ),
  newest as (
    select n.id, s.repository_id, s.environment, n.sequence from settled s cross join lateral (
      select d.id, d.sequence from open_requests d
      where d.repository_id = s.repository_id and d.environment = s.environment and d.status = 'pending' and d.sequence > s.sequence
      order by d.sequence desc limit 1) n
  ),
  behind as (
    select o.id, o.received_at, n.id as by from newest n join open_requests o
      on o.repository_id = n.repository_id and o.environment = n.environment and o.sequence < n.sequence
        and o.status in ('pending', 'waiting_checks')
  ),
  older as (
    update deployment_requests r set status = 'superseded', superseded_by = b.by, updated_at = ?::timestamptz
    from behind b where r.id = b.id and r.received_at = b.received_at
    returning r.id
  )
  select n.id from newest n where not exists (
    select 1 from open_requests x where x.repository_id = n.repository_id and x.environment = n.environment
      and x.status = 'delivering' and x.next_attempt_at > ?::timestamptz and x.id <> n.id)`

/** NEXT_SQL's values for these settled requests. */
export const nextValues = (settled: QueuedRequest[], at: Date): unknown[] => [settled.map((r) => r.id), settled.map((r) => r.receivedAt), at, at]

/** The requests next in line in the environments of these settled ones (see NEXT_SQL). */
export async function nextInLine(em: EntityManager, settled: QueuedRequest[], at = new Date()): Promise<string[]> {
  if (settled.length === 0) return []
  const rows = await runPrepared<{ id: string }>(em, NEXT_SQL, nextValues(settled, at), { planEachTime: true, lockFirst: lockQueuesOf(settled), byIndex: true })
  return rows.map((row) => row.id)
}
