import { type Job, UnrecoverableError } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import { checkJob } from '../check-job.ts'
import type { ReconcileMetrics } from './metrics.ts'
import type { ReconcileJobName, ReconcileRun } from './types.ts'

/** The `reconcile` queue's processor: checks the job's data and runs the job of that name. */
export function createReconcileProcessor(runs: Record<ReconcileJobName, ReconcileRun>, metrics: ReconcileMetrics, log: FastifyBaseLogger) {
  return async (job: Job) => {
    if (!Object.hasOwn(runs, job.name)) throw new UnrecoverableError(`unknown job name "${job.name}" on the reconcile queue`)
    const name = job.name as ReconcileJobName
    const data = checkJob(name, job.data)
    try {
      const result = await runs[name](data)
      metrics.runs.inc({ job: name, outcome: 'ok' })
      for (const [item, count] of Object.entries(result)) if (typeof count === 'number' && count > 0) metrics.found.inc({ job: name, item }, count)
      log.info({ job: name, ...result }, 'reconcile run done')
      return result
    } catch (err) {
      metrics.runs.inc({ job: name, outcome: 'failed' })
      log.warn({ err, job: name }, 'reconcile run failed: the next scheduled run tries again')
      throw err
    }
  }
}
