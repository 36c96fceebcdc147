import type { MikroORM } from '@gwm/domain'
import { type ActivityMessage, enqueueCallbackRetries, enqueueCallbacks } from '@gwm/queue'
import type { Queue } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import type { WorkerMetrics } from '../metrics.ts'
import { type BackoffSchedule, retryDelay } from './backoff.ts'
import { classify } from './classify.ts'
import type { Outbound } from './message.ts'
import type { SendCallback } from './post-callback.ts'
import { settle } from './record-attempt.ts'
import { type FinishedAttempt, recordAttempts } from './record-attempts.ts'
import { statusMessage } from './status-message.ts'

export interface FirstAttemptsOptions {
  orm: MikroORM
  send: SendCallback
  /** Where the retries go. */
  callbacks: Queue
  /** CALLBACK_ATTEMPTS: the first attempt counts. */
  maxAttempts: number
  schedule: BackoffSchedule
  /** POSTs in flight at most. */
  limit: number
  /** Requests waiting for a free POST at most; past it, they go to the callbacks queue instead. */
  backlog?: number
  /** CALLBACK_TIMEOUT_MS: a request waits at most this long for a free POST, then goes to the callbacks queue. */
  timeoutMs: number
  metrics: WorkerMetrics
  log: FastifyBaseLogger
  publish: (messages: ActivityMessage[]) => void
}

/**
 * The first callback attempt of a new deployment request, made by the worker that stored it,
 * right after the commit: no job, no claim. The request was written delivering, with a lease
 * as its next attempt time (`leaseMs`: a wait for a free POST, the POST, and a margin); the
 * sweeper hands it on only once the lease has run out, so a worker dying mid-attempt loses
 * nothing. Outcomes are stored together, whatever finished while the previous store ran; a
 * retry becomes a delayed callbacks job with the attempts that are left.
 *
 * Storing never waits for the platform: at most `limit` POSTs are in flight and `backlog`
 * requests wait for one; the requests of a batch that finds no room are written pending and go
 * to the callbacks queue, and so do those that waited longer than timeoutMs.
 */
export function createFirstAttempts({ orm, send, callbacks, maxAttempts, schedule, limit, backlog = limit * 8, timeoutMs, metrics, log, publish }: FirstAttemptsOptions) {
  const leaseMs = 2 * timeoutMs + 5_000
  let reserved = 0
  let finished: FinishedAttempt[] = []
  let storing: Promise<void> | undefined
  const waiting: Array<{ outbound: Outbound; since: number }> = []
  const inFlight = new Set<Promise<void>>()

  async function store(batch: FinishedAttempt[]) {
    let taken: Map<string, number>
    try {
      taken = await recordAttempts(orm.em.fork(), batch)
    } catch (err) {
      // The rows stay delivering: the sweeper hands them on when their lease runs out.
      log.error({ err, requests: batch.length }, 'first callback attempts: could not store their outcomes; the sweeper will retry them')
      return
    }
    const settled = batch.filter((f) => taken.has(f.outbound.row.id))
    const retries = settled.filter((f) => f.retryAt).map((f) => ({ id: f.outbound.row.id, delayMs: f.retryAt!.getTime() - f.at.getTime() }))
    try {
      await enqueueCallbackRetries(callbacks, retries, maxAttempts)
    } catch (err) {
      log.error({ err, requests: retries.length }, 'first callback attempts: could not enqueue retries; the sweeper will')
    }
    publish(settled.map((f) => statusMessage(f.outbound, f.at)))
  }

  /** Requests that waited too long for a free POST: the callbacks queue sends them (it counts the attempt). */
  function handOff(outbounds: Outbound[]) {
    metrics.firstAttempts.inc({ path: 'handed_off' }, outbounds.length)
    const ids = outbounds.map((outbound) => outbound.row.id)
    enqueueCallbacks(callbacks, ids, maxAttempts).catch((err) => log.error({ err, requests: ids.length }, 'first callback attempts: could not hand requests to the callbacks queue; the sweeper will'))
  }

  function storeFinished() {
    if (storing || finished.length === 0) return
    const batch = finished
    finished = []
    storing = store(batch).finally(() => {
      storing = undefined
      storeFinished()
    })
  }

  async function attempt(outbound: Outbound) {
    const outcome = await send(outbound.body)
    const verdict = classify(outcome)
    const at = new Date()
    const final = maxAttempts <= 1
    const delayMs = verdict.result === 'retry' && !final ? (outcome.retryAfterMs ?? retryDelay(1, schedule)) : undefined
    const retryAt = delayMs === undefined ? null : new Date(at.getTime() + delayMs)
    const next = settle(1, verdict, at, retryAt)
    metrics.callbackSeconds.observe(outcome.durationMs / 1000)
    metrics.callbackAttempts.inc({ outcome: next.status === 'pending' ? 'retry' : next.status })
    const summary = { deliveryId: outbound.deliveryId, messageId: outbound.row.id, type: outbound.body.type, attempt: 1, statusCode: outcome.statusCode, durationMs: outcome.durationMs }
    if (next.status === 'delivered') log.info(summary, 'callback delivered')
    else if (next.status === 'pending') log.warn({ ...summary, error: next.lastError, retryInMs: delayMs }, 'callback failed: will retry')
    else log.error({ ...summary, error: next.lastError }, 'callback failed for good')
    finished.push({ outbound, outcome, at, retryAt, next })
    storeFinished()
  }

  function pump() {
    const late: Outbound[] = []
    while (inFlight.size < limit && waiting.length > 0) {
      const { outbound, since } = waiting.shift()!
      if (Date.now() - since > timeoutMs) {
        reserved -= 1
        late.push(outbound)
        continue
      }
      metrics.firstAttempts.inc({ path: 'sent' })
      const running: Promise<void> = attempt(outbound)
        .catch((err) => log.error({ err, messageId: outbound.row.id }, 'first callback attempt failed unexpectedly; the sweeper will retry it'))
        .finally(() => {
          reserved -= 1
          inFlight.delete(running)
          pump()
        })
      inFlight.add(running)
    }
    if (late.length > 0) handOff(late)
  }

  return {
    leaseMs,
    /** How many of `wanted` requests this worker sends itself; call release() for those it ends up not sending. */
    reserve(wanted: number): number {
      const granted = Math.max(0, Math.min(wanted, limit + backlog - reserved))
      reserved += granted
      return granted
    },
    release(count: number) {
      reserved -= count
    },
    /** Sends a reserved request's first attempt as soon as a POST is free; its room frees when the answer is in. */
    send(outbound: Outbound) {
      waiting.push({ outbound, since: Date.now() })
      pump()
    },
    /** Waits for the waiting and in-flight attempts and for their outcomes to be stored (shutdown). */
    async drain() {
      while (inFlight.size > 0 || storing) await Promise.all([...inFlight, storing])
    },
  }
}

export type FirstAttempts = ReturnType<typeof createFirstAttempts>
