import { type EntityManager, PARTITIONED_TABLES } from '@gwm/domain'
import { STILL_NEEDED } from '../retention/prune-sql.ts'

/** Dropping a partition locks its parent (ACCESS EXCLUSIVE): wait this long at most, then try again next run. */
const LOCK_TIMEOUT = '5s'

export interface Dropped {
  partitions: string[]
  /** Partitions not dropped this run, and why (e.g. a lock not had within the timeout): the next run tries again. */
  skipped: string[]
  events: number
  requests: number
  /** Events a live request still needs, moved back in (to the default partition). */
  kept: number
  tombstones: number
}

// webhook_events' partitions, the default excepted, with the end of their range.
const ENDED_SQL = `
  select substr(c.relname, length('webhook_events') + 1) as suffix
  from pg_inherits i join pg_class c on c.oid = i.inhrelid
  where i.inhparent = 'webhook_events'::regclass and pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
    and (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz <= ?::timestamptz
  order by 1`

/**
 * One partition of each table, dropped whole in one transaction. First, with the day's
 * partitions locked against writes (readers go on): what a live request still needs is copied
 * aside, the others' delivery keys deleted, tombstones written for those GitHub may still
 * redeliver. Then, the parents locked (ACCESS EXCLUSIVE, milliseconds): the partitions are
 * detached and dropped, children first, and the rows copied aside inserted again, where they now
 * land in the default partition.
 */
async function dropOne(em: EntityManager, suffix: string, windowStart: Date): Promise<Omit<Dropped, 'partitions' | 'skipped'>> {
  const [e, d, a, s] = PARTITIONED_TABLES.map((table) => `"${table}${suffix}"`)
  return em.transactional(async (tx) => {
    await tx.execute(`set local lock_timeout = '${LOCK_TIMEOUT}'`)
    await tx.execute(`lock table ${e}, ${d}, ${a}, ${s} in share row exclusive mode`)
    await tx.execute(`create temp table gone on commit drop as
      select e.id, e.hook_id, e.delivery_id, e.received_at from ${e} e
      where not exists (select 1 from ${d} d where d.event_id = e.id and (${STILL_NEEDED}))`)
    await tx.execute(`create temp table kept_events on commit drop as select * from ${e} where id not in (select id from gone)`)
    await tx.execute(`create temp table kept_requests on commit drop as select * from ${d} where event_id in (select id from kept_events)`)
    // A notice's attempts belong to no event: kept too.
    await tx.execute(`create temp table kept_attempts on commit drop as select * from ${a} where request_id is null or request_id in (select id from kept_requests)`)
    await tx.execute(`create temp table kept_statuses on commit drop as select * from ${s} where request_id in (select id from kept_requests)`)
    const [counts] = await tx.execute<Array<{ events: number; requests: number; kept: number; tombstones: number }>>(`
      with tombstones as (
        insert into pruned_deliveries (hook_id, delivery_id, received_at, pruned_at)
        select hook_id, delivery_id, received_at, now() from gone where received_at >= ?::timestamptz
        on conflict do nothing returning 1),
      keys as (delete from delivery_keys k using gone g where k.hook_id = g.hook_id and k.delivery_id = g.delivery_id returning 1)
      select (select count(*) from gone)::int as events, ((select count(*) from ${d}) - (select count(*) from kept_requests))::int as requests,
        (select count(*) from kept_events)::int as kept, (select count(*) from tombstones)::int as tombstones, (select count(*) from keys)::int as keys`, [windowStart])
    // A detached partition fires no delete trigger: a request dropped with it leaves open_requests
    // here (none should be open: what is open is kept, and inserted again below, by the trigger).
    await tx.execute(`delete from open_requests where id in (select id from ${d} except select id from kept_requests)`)
    for (const table of [...PARTITIONED_TABLES].reverse()) {
      await tx.execute(`alter table "${table}" detach partition "${table}${suffix}"`)
      await tx.execute(`drop table "${table}${suffix}"`)
    }
    for (const [table, kept] of [['webhook_events', 'kept_events'], ['deployment_requests', 'kept_requests'], ['callback_attempts', 'kept_attempts'], ['deployment_statuses', 'kept_statuses']]) {
      await tx.execute(`insert into "${table}" select * from ${kept}`)
    }
    return { events: counts!.events, requests: counts!.requests, kept: counts!.kept, tombstones: counts!.tombstones }
  })
}

/** Drops every partition whose whole range was received before the cutoff (daily ones, and the legacy one once it ends before). */
export async function dropEndedPartitions(em: EntityManager, cutoff: Date, windowStart: Date): Promise<Dropped> {
  const dropped: Dropped = { partitions: [], skipped: [], events: 0, requests: 0, kept: 0, tombstones: 0 }
  const ended = await em.execute<Array<{ suffix: string }>>(ENDED_SQL, [cutoff])
  for (const { suffix } of ended) {
    const one = await dropOne(em, suffix, windowStart).catch((error: Error) => {
      dropped.skipped.push(`${suffix.slice(1)}: ${error.message}`)
      return undefined
    })
    if (!one) continue
    dropped.partitions.push(suffix.slice(1))
    dropped.events += one.events
    dropped.requests += one.requests
    dropped.kept += one.kept
    dropped.tombstones += one.tombstones
  }
  return dropped
}
