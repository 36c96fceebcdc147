import { CallbackAttempt, type EntityManager, type RequestStatus } from '@gwm/domain'
import type { PlatformCallbackJob } from '@gwm/queue'
import { type Job, UnrecoverableError } from 'bullmq'
import type { WorkerContext } from '../context.ts'
import { type BackoffSchedule, CallbackRetryError, retryDelay } from './backoff.ts'
import { type CallbackOutcome, classify, type Verdict } from './classify.ts'
import { loadOutbound, type Outbound } from './message.ts'
import type { SendCallback } from './post-callback.ts'

function publishStatus(ctx: WorkerContext, outbound: Outbound) {
  ctx.publish({
    type: 'request.status',
    deliveryId: outbound.deliveryId,
    eventId: outbound.eventId,
    repositoryId: outbound.repositoryId,
    requestId: outbound.row.id,
    status: outbound.row.status,
    attempts: outbound.row.attempts,
    at: new Date().toISOString(),
  })
}

/** Stores the attempt and moves the message to delivered, pending (retry at) or failed. */
async function record(em: EntityManager, outbound: Outbound, outcome: CallbackOutcome, verdict: Verdict, delayMs: number | undefined): Promise<RequestStatus> {
  const { row } = outbound
  const now = new Date()
  const retryAt = delayMs === undefined ? null : new Date(now.getTime() + delayMs)
  em.create(CallbackAttempt, {
    request: outbound.table === 'request' ? row.id : null,
    notice: outbound.table === 'notice' ? row.id : null,
    attempt: row.attempts,
    at: now,
    statusCode: outcome.statusCode,
    durationMs: outcome.durationMs,
    error: outcome.error,
    retryAt,
  })
  if (verdict.result === 'delivered') {
    Object.assign(row, { status: 'delivered', deliveredAt: now, lastError: null })
  } else if (retryAt) {
    Object.assign(row, { status: 'pending', nextAttemptAt: retryAt, lastError: verdict.reason })
  } else {
    const gaveUp = verdict.result === 'retry' ? ` (gave up after ${row.attempts} attempts)` : ''
    Object.assign(row, { status: 'failed', lastError: `${verdict.reason}${gaveUp}` })
  }
  await em.flush()
  return row.status
}

/**
 * platform-callback: one signed POST of one message, every attempt stored. 2xx -> delivered;
 * 408/429/5xx/network -> retried after the platform's Retry-After or the backoff schedule;
 * any other answer, or the last attempt failing -> failed (visible, replayable).
 */
export const makeProcessCallback = (ctx: WorkerContext, send: SendCallback, schedule: BackoffSchedule) => async (job: Job<PlatformCallbackJob>) => {
  const em = ctx.orm.em.fork()
  const outbound = await loadOutbound(em, job.data.requestId)
  if (!outbound) throw new UnrecoverableError(`no deployment request or notice has id ${job.data.requestId}`)
  const { row } = outbound
  const log = ctx.log.child({ deliveryId: outbound.deliveryId, messageId: row.id, type: outbound.body.type })
  if (row.status === 'delivered' || row.status === 'failed') return { skipped: row.status }

  row.status = 'delivering'
  row.attempts += 1
  await em.flush()
  publishStatus(ctx, outbound)

  const outcome = await send(outbound.body)
  const verdict = classify(outcome)
  const retryNumber = job.attemptsMade + 1
  const final = retryNumber >= (job.opts.attempts ?? 1)
  const delayMs = verdict.result === 'retry' && !final ? (outcome.retryAfterMs ?? retryDelay(retryNumber, schedule)) : undefined
  const status = await record(em, outbound, outcome, verdict, delayMs)
  publishStatus(ctx, outbound)

  ctx.metrics.callbackSeconds.observe(outcome.durationMs / 1000)
  ctx.metrics.callbackAttempts.inc({ outcome: status === 'pending' ? 'retry' : status })
  const summary = { attempt: row.attempts, statusCode: outcome.statusCode, durationMs: outcome.durationMs }
  if (verdict.result === 'delivered') {
    log.info(summary, 'callback delivered')
    return { delivered: true, attempts: row.attempts }
  }
  if (delayMs !== undefined) {
    log.warn({ ...summary, error: verdict.reason, retryInMs: delayMs }, 'callback failed: will retry')
    throw new CallbackRetryError(verdict.reason, delayMs)
  }
  log.error({ ...summary, error: row.lastError }, 'callback failed for good')
  throw new UnrecoverableError(row.lastError ?? verdict.reason)
}
