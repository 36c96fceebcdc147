import type { WorkerConfig } from '@gwm/config'
import { JOBS } from '@gwm/queue'
import type { Queue } from 'bullmq'
import { MAINTAIN_PARTITIONS_INTERVAL_MS } from '../partitions/maintain.ts'
import type { ReconcileJobName } from './types.ts'

/** Each job's interval from the configuration (0: off). */
export const reconcileIntervals = (config: WorkerConfig): Record<ReconcileJobName, number> => ({
  'reconcile-deliveries': config.RECONCILE_DELIVERIES_INTERVAL_MS,
  'reconcile-pushes': config.RECONCILE_PUSHES_INTERVAL_MS,
  'reconcile-hooks': config.RECONCILE_HOOKS_INTERVAL_MS,
  'rebuild-secret-registry': config.REBUILD_SECRET_REGISTRY_INTERVAL_MS,
  'prune-events': config.EVENT_RETENTION_DAYS > 0 ? config.PRUNE_EVENTS_INTERVAL_MS : 0,
  'maintain-partitions': MAINTAIN_PARTITIONS_INTERVAL_MS,
})

/**
 * One BullMQ job scheduler per job (id = job name), so every worker upserting them at start
 * leaves one schedule each; an interval of 0 removes its scheduler. The queue's global
 * concurrency of 1 lets one job of the queue run at a time across every worker process.
 * Safe to repeat: a scheduler upserted with the same interval keeps its next run.
 */
export async function scheduleReconcileJobs(queue: Queue, intervals: Record<ReconcileJobName, number>): Promise<void> {
  await queue.setGlobalConcurrency(1)
  for (const [name, every] of Object.entries(intervals) as Array<[ReconcileJobName, number]>) {
    if (every > 0) await queue.upsertJobScheduler(name, { every }, { name, data: {}, opts: JOBS[name].options })
    else await queue.removeJobScheduler(name)
  }
}
