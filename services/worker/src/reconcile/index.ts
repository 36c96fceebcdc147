import { createQueue, QUEUES } from '@gwm/queue'
import { Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { createReconcileProcessor } from './processor.ts'
import { reconcileRuns } from './registry.ts'
import { reconcileIntervals, scheduleReconcileJobs } from './scheduler.ts'
import type { ReconcileDeps } from './types.ts'

/**
 * The reconcile stage: the job schedulers, and a consumer of the `reconcile` queue (one job at
 * a time here, and one across all workers by the queue's global concurrency). On every
 * (re)connection to Redis, which may have come back empty, the schedulers are upserted again
 * and the ingest's registries rebuilt at once.
 */
export function startReconcile(redis: Redis, deps: ReconcileDeps) {
  const { config, log } = deps
  const queue = createQueue(QUEUES.reconcile, redis, config.QUEUE_PREFIX)
  const runs = reconcileRuns(deps)
  let worker: Worker | undefined
  let closed = false
  const onReady = async () => {
    if (closed) return
    try {
      await scheduleReconcileJobs(queue, reconcileIntervals(config))
    } catch (err) {
      log.warn({ err }, 'could not schedule the reconciliation jobs; tried again when Redis reconnects')
    }
    if (!worker && !closed) {
      worker = new Worker(QUEUES.reconcile, createReconcileProcessor(runs, deps.metrics, log), {
        connection: redis,
        prefix: config.QUEUE_PREFIX,
        concurrency: 1,
        lockDuration: config.WORKER_LOCK_DURATION_MS,
        stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
      })
      worker.on('error', (err) => log.error({ err, queue: QUEUES.reconcile }, 'queue worker error'))
    }
    await runs['rebuild-secret-registry']({}).catch((err) => log.warn({ err }, 'could not rebuild the ingest\'s registries; the hourly run tries again'))
  }
  const ready = () => void onReady()
  if (redis.status === 'ready') ready()
  redis.on('ready', ready)
  return {
    queue,
    async close() {
      closed = true
      redis.off('ready', ready)
      await worker?.close()
      await queue.close()
    },
  }
}
