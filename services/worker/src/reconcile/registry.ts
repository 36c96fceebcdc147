import { makeReconcileDeliveries } from './deliveries.ts'
import { makeReconcileHooks } from './hook-health.ts'
import { makeReconcilePushes } from './missed-pushes.ts'
import { makeRebuildRegistries } from './rebuild-registries.ts'
import { makeMaintainPartitions } from '../partitions/maintain.ts'
import { makePruneEvents } from '../retention/prune-events.ts'
import type { MakeReconcileRun, ReconcileDeps, ReconcileJobName, ReconcileRun } from './types.ts'

/** One module per job of the `reconcile` queue: the processor dispatches by job name. */
const RECONCILE_RUNS: Record<ReconcileJobName, MakeReconcileRun> = {
  'reconcile-deliveries': makeReconcileDeliveries,
  'reconcile-pushes': makeReconcilePushes,
  'reconcile-hooks': makeReconcileHooks,
  'rebuild-secret-registry': makeRebuildRegistries,
  'prune-events': makePruneEvents,
  'maintain-partitions': makeMaintainPartitions,
}

export function reconcileRuns(deps: ReconcileDeps): Record<ReconcileJobName, ReconcileRun> {
  return Object.fromEntries(Object.entries(RECONCILE_RUNS).map(([name, make]) => [name, make(deps)])) as Record<ReconcileJobName, ReconcileRun>
}
