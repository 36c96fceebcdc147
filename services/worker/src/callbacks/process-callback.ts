import { type Job, UnrecoverableError } from 'bullmq'
import { checkJob } from '../check-job.ts'
import type { WorkerContext } from '../context.ts'
import { type BackoffSchedule, CallbackRetryError, retryDelay } from './backoff.ts'
import { classify } from './classify.ts'
import { claimOutbound } from './message.ts'
import type { SendCallback } from './post-callback.ts'
import { recordAttempt } from './record-attempt.ts'
import { statusMessage } from './status-message.ts'

/**
 * platform-callback: one signed POST of one message, every attempt stored. 2xx -> delivered;
 * 408/429/5xx/network -> retried after the platform's Retry-After or the backoff schedule;
 * any other answer, or the last attempt failing -> failed (visible, replayable).
 */
export const makeProcessCallback = (ctx: WorkerContext, send: SendCallback, schedule: BackoffSchedule) => async (job: Job) => {
  if (job.name !== 'platform-callback') throw new UnrecoverableError(`unknown job name "${job.name}" on the callbacks queue`)
  const { requestId, priorAttempts = 0 } = checkJob('platform-callback', job.data)
  const em = ctx.orm.em.fork()
  const claim = await claimOutbound(em, requestId)
  if (!claim.found) {
    if (claim.status === null) throw new UnrecoverableError(`no deployment request or notice has id ${requestId}`)
    return { skipped: claim.status }
  }
  const { outbound } = claim
  const { row } = outbound
  ctx.publish(statusMessage(outbound))

  const outcome = await send(outbound.body)
  const verdict = classify(outcome)
  const run = job.attemptsMade + 1
  const final = run >= (job.opts.attempts ?? 1)
  // The schedule continues after attempts made before this job (the worker's first one).
  const delayMs = verdict.result === 'retry' && !final ? (outcome.retryAfterMs ?? retryDelay(priorAttempts + run, schedule)) : undefined
  const status = await recordAttempt(em, outbound, outcome, verdict, delayMs)
  ctx.publish(statusMessage(outbound))

  ctx.metrics.callbackSeconds.observe(outcome.durationMs / 1000)
  ctx.metrics.callbackAttempts.inc({ outcome: status === 'pending' ? 'retry' : status })
  // Fields per line rather than a child logger per job: below the log level a line costs one object.
  const summary = () => ({ deliveryId: outbound.deliveryId, messageId: row.id, type: outbound.body.type, attempt: row.attempts, statusCode: outcome.statusCode, durationMs: outcome.durationMs })
  if (verdict.result === 'delivered') {
    ctx.log.info(summary(), 'callback delivered')
    return { delivered: true, attempts: row.attempts }
  }
  if (delayMs !== undefined) {
    ctx.log.warn({ ...summary(), error: verdict.reason, retryInMs: delayMs }, 'callback failed: will retry')
    throw new CallbackRetryError(verdict.reason, delayMs)
  }
  ctx.log.error({ ...summary(), error: row.lastError }, 'callback failed for good')
  throw new UnrecoverableError(row.lastError ?? verdict.reason)
}
