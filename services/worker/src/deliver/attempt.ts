import type { FastifyBaseLogger } from 'fastify'
import type { WorkerMetrics } from '../metrics.ts'
import { type BackoffSchedule, retryDelay } from './backoff.ts'
import { type CallbackOutcome, classify, type Verdict } from './classify.ts'
import type { Outbound } from './message.ts'
import type { SendCallback } from './post-callback.ts'
import { type Settled, settle } from './settle.ts'
import { sendTraced } from './trace-attempt.ts'

/** One attempt made, ready to be recorded. */
export interface FinishedAttempt {
  outbound: Outbound
  outcome: CallbackOutcome
  verdict: Verdict
  at: Date
  /** Set when the message is to be retried: after delayMs, at retryAt. */
  delayMs: number | undefined
  retryAt: Date | null
  next: Settled
}

export interface AttemptOptions {
  send: SendCallback
  schedule: BackoffSchedule
  metrics: WorkerMetrics
  log: FastifyBaseLogger
}

/** Which retry a failure would lead to (1 = the first), and whether no retry is left. */
export interface AttemptPlace {
  retry: number
  final: boolean
}

/** 2xx … 5xx, or none when no answer came (timed out, refused, reset). */
const statusClass = (statusCode: number | null) => (statusCode === null ? 'none' : `${Math.floor(statusCode / 100)}xx`)

/**
 * The one way a callback attempt is made, whoever makes it: send it signed, classify the
 * answer per the platform contract, choose the retry delay (the platform's Retry-After, or the
 * backoff schedule) and where the message then stands. Recording it is record-attempts.ts's.
 */
export function createAttempt({ send, schedule, metrics, log }: AttemptOptions) {
  return async function attempt(outbound: Outbound, { retry, final }: AttemptPlace): Promise<FinishedAttempt> {
    const outcome = await sendTraced(send, outbound)
    const verdict = classify(outcome)
    const at = new Date()
    const delayMs = verdict.result === 'retry' && !final ? (outcome.retryAfterMs ?? retryDelay(retry, schedule)) : undefined
    const retryAt = delayMs === undefined ? null : new Date(at.getTime() + delayMs)
    const number = outbound.row.attempts + 1
    const next = settle(number, verdict, at, retryAt)

    metrics.callbackSeconds.observe(outcome.durationMs / 1000)
    metrics.callbackAttempts.inc({ outcome: next.status === 'pending' ? 'retry' : next.status, status_class: statusClass(outcome.statusCode) })
    // Fields per line rather than a child logger per attempt: below the log level a line costs one object.
    const summary = { deliveryId: outbound.deliveryId, messageId: outbound.row.id, type: outbound.body.type, attempt: number, statusCode: outcome.statusCode, durationMs: outcome.durationMs }
    if (next.status === 'delivered') log.info(summary, 'callback delivered')
    else if (next.status === 'pending') log.warn({ ...summary, error: next.lastError, retryInMs: delayMs }, 'callback failed: will retry')
    else log.error({ ...summary, error: next.lastError }, 'callback failed for good')
    return { outbound, outcome, verdict, at, delayMs, retryAt, next }
  }
}

export type Attempt = ReturnType<typeof createAttempt>
