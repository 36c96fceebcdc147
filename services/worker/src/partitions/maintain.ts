import type { MakeReconcileRun } from '../reconcile/types.ts'
import { ensurePartitions } from './ensure-partitions.ts'

/** Days made ahead of today: a few missed runs (Redis or Postgres down) still find tomorrow's partitions made. */
export const PARTITION_DAYS_AHEAD = 3
/** How often the partitions ahead are checked: a missing day is made within the hour. */
export const MAINTAIN_PARTITIONS_INTERVAL_MS = 3_600_000

/** The scheduled job (hourly, and at start-up): the daily partitions from today to PARTITION_DAYS_AHEAD days ahead. */
export const makeMaintainPartitions: MakeReconcileRun = ({ orm }) => async () => ({ ...(await ensurePartitions(orm.em.fork(), PARTITION_DAYS_AHEAD)) })
