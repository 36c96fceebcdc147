import { type EntityManager, isPostgresUnreachable } from '@gwm/domain'
import { DelayedError, type Job, UnrecoverableError } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import type { WorkerMetrics } from '../metrics.ts'
import { recordDeadLetter } from './dead-letter.ts'

export interface DeadLetteringOptions {
  em: () => EntityManager
  /** The attempts the retry budget allows (eventAttempts). */
  attempts: number
  /** How long a delivery whose dead letter could not be written waits before it is tried again (the backoff cap). */
  waitMs: number
  metrics: WorkerMetrics
  log: FastifyBaseLogger
}

/**
 * Runs a github-event job so that its delivery never vanishes: a failure before the last attempt
 * is BullMQ's to retry (the job notes when it first failed); at the last one (the budget's
 * attempts, or the job's if fewer), or on an input that can never be stored (UnrecoverableError),
 * the delivery is written to dead_letters and the job fails for good. A last attempt that failed
 * because Postgres could not be reached is no fault of the delivery: the job waits and that attempt
 * is made again later, as it is when the dead letter itself cannot be written.
 */
export function makeDeadLettering({ em, attempts, waitMs, metrics, log }: DeadLetteringOptions) {
  return async function run<T>(job: Job, token: string | undefined, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught))
      const final = error instanceof UnrecoverableError || job.attemptsMade + 1 >= Math.min(attempts, job.opts.attempts ?? 1)
      if (!final) {
        if (job.attemptsMade === 0) await noteFirstFailure(job)
        throw error
      }
      const later = async () => {
        await job.moveToDelayed(Date.now() + waitMs, token)
        return new DelayedError()
      }
      if (isPostgresUnreachable(error)) {
        log.warn({ err: error, jobId: job.id, deliveryId: job.data?.deliveryId }, 'Postgres unreachable at a delivery\'s last attempt; that attempt is made again later')
        throw await later()
      }
      try {
        await recordDeadLetter(em(), job, error)
      } catch (err) {
        log.error({ err, jobId: job.id, deliveryId: job.data?.deliveryId }, 'could not write the dead letter of a delivery that failed for good; its last attempt is made again later')
        throw await later()
      }
      metrics.deadLetters.inc()
      log.error({ err: error, jobId: job.id, deliveryId: job.data?.deliveryId, attempts: job.attemptsMade + 1 }, 'delivery failed for good: kept as a dead letter')
      throw error instanceof UnrecoverableError ? error : new UnrecoverableError(error.message)
    }
  }
}

/** The time of the first failure, kept on the job for its dead letter; job data that is not an object is left as it is. */
async function noteFirstFailure(job: Job): Promise<void> {
  if (!job.data || typeof job.data !== 'object' || Array.isArray(job.data)) return
  await job.updateData({ ...job.data, firstFailedAt: new Date().toISOString() }).catch(() => {})
}
