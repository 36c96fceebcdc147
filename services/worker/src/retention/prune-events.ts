import { dayStart, type EntityManager } from '@gwm/domain'
import { type Dropped, dropEndedPartitions } from '../partitions/drop-partitions.ts'
import type { MakeReconcileRun } from '../reconcile/types.ts'
import { PRUNE_EVENTS_SQL, PRUNE_TOMBSTONES_SQL } from './prune-sql.ts'

/** GitHub redelivers deliveries of the past 3 days; a day more for clocks and time zones. */
const DAY_MS = 86_400_000
const TOMBSTONE_WINDOW_MS = 4 * DAY_MS
/** Rows per statement: each batch holds its locks for a few milliseconds. */
const BATCH = 500
/** Batches per run at most (250,000 events); the next run goes on where this one stopped. */
const MAX_BATCHES = 500

interface Pruned {
  /** Whole days dropped (their partitions), and what went with them. */
  dropped: Dropped
  /** Then row by row, where no whole partition can go (the legacy and default partitions). */
  events: number
  requests: number
  tombstones: number
  tombstonesPruned: number
}

/**
 * Prunes events received before `now - retentionDays` (and their requests): each day wholly
 * before it goes as a partition; then, row by row, what is older than the start of the cutoff's
 * day in the partitions that cannot go whole (rows of the cutoff's own day wait for their
 * partition: an event is kept between retentionDays and a day more). Then expired tombstones.
 */
async function pruneEvents(em: EntityManager, retentionDays: number, now = new Date()): Promise<Pruned> {
  const windowStart = new Date(now.getTime() - TOMBSTONE_WINDOW_MS)
  const dropped = await dropEndedPartitions(em, new Date(now.getTime() - retentionDays * DAY_MS), windowStart)
  const cutoff = dayStart(new Date(now.getTime() - retentionDays * DAY_MS))
  const pruned: Pruned = { dropped, events: 0, requests: 0, tombstones: 0, tombstonesPruned: 0 }
  // Each batch starts after the last event the previous one pruned: kept events are looked at once per run.
  let after: [string, string] = ['-infinity', '00000000-0000-0000-0000-000000000000']
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const [row] = await em.execute<Array<{ events: number; requests: number; tombstones: number; last_at: string | null; last_id: string | null }>>(PRUNE_EVENTS_SQL, [cutoff, ...after, BATCH, windowStart])
    pruned.events += row?.events ?? 0
    pruned.requests += row?.requests ?? 0
    pruned.tombstones += row?.tombstones ?? 0
    if (!row?.last_at || !row.last_id || row.events < BATCH) break
    after = [row.last_at, row.last_id]
  }
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const [row] = await em.execute<Array<{ n: number }>>(PRUNE_TOMBSTONES_SQL, [windowStart, BATCH])
    pruned.tombstonesPruned += row?.n ?? 0
    if ((row?.n ?? 0) < BATCH) break
  }
  return pruned
}

/** The scheduled job (EVENT_RETENTION_DAYS, every PRUNE_EVENTS_INTERVAL_MS): one run at a time across workers, as the reconcile jobs. */
export const makePruneEvents: MakeReconcileRun = ({ orm, config }) => async () => {
  if (config.EVENT_RETENTION_DAYS === 0) return { skipped: 'EVENT_RETENTION_DAYS is 0: events are kept' }
  return { ...(await pruneEvents(orm.em.fork(), config.EVENT_RETENTION_DAYS)) }
}
