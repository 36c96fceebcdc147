import { analyzeToday, ensurePartitions, type MikroORM } from '@gwm/domain'
import type { MakeReconcileRun } from '../reconcile/types.ts'

/** Days made ahead of today: a few missed runs (Redis or Postgres down) still find tomorrow's partitions made. */
const PARTITION_DAYS_AHEAD = 3
/**
 * How often the partitions ahead are checked (a missing day is made within minutes) and today's
 * are analyzed: the plans the worker's connections make (a new connection each minute) then see
 * the day's partition as it fills.
 */
export const MAINTAIN_PARTITIONS_INTERVAL_MS = 120_000

/** The daily partitions from today to PARTITION_DAYS_AHEAD days ahead. */
export const partitionsAhead = (orm: MikroORM, now = new Date()) => ensurePartitions(orm.em.fork(), now, PARTITION_DAYS_AHEAD + 1)

/** The scheduled job (every two minutes; the worker also makes the partitions at start-up). */
export const makeMaintainPartitions: MakeReconcileRun = ({ orm }) => async () => ({ ...(await partitionsAhead(orm)), analyzed: await analyzeToday(orm.em.fork()) })
