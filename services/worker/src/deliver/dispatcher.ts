import { type MikroORM, nextInLine, type StoredDeliveries } from '@gwm/domain'
import { type ActivityMessage, enqueueCallbackRetries, enqueueCallbacks } from '@gwm/queue'
import type { Queue } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import type { WorkerMetrics } from '../metrics.ts'
import type { Attempt, FinishedAttempt } from './attempt.ts'
import { type Outbound, queueOf, requestOutbound } from './message.ts'
import { recordAttempts } from './record-attempts.ts'
import { traceparents } from './trace-attempt.ts'
import { statusMessage } from './status-message.ts'

export interface DispatcherOptions {
  orm: MikroORM
  attempt: Attempt
  /** Where the retries, and the requests this worker has no room for, go. */
  callbacks: Queue
  /** CALLBACK_ATTEMPTS: the first attempt counts. */
  maxAttempts: number
  /** POSTs in flight at most. */
  limit: number
  /** Requests waiting for a free POST at most; past it, they go to the callbacks queue instead. */
  backlog?: number
  /** CALLBACK_TIMEOUT_MS: a request waits at most this long for a free POST, then goes to the callbacks queue. */
  timeoutMs: number
  metrics: WorkerMetrics
  log: FastifyBaseLogger
  publish: (messages: ActivityMessage[]) => void
  /** Sends the requests next in line once those in flight settled (their jobs may have finished). */
  requeue: (ids: string[]) => Promise<void>
}

/**
 * The hand-off from storing to sending. New requests are stored delivering, leased to this
 * worker for `leaseMs` (a wait for a free POST, the POST, and a margin): the sweeper hands one
 * on only once its lease has run out, so a worker dying before or during the attempt loses
 * nothing. This worker makes their first attempt itself, right after the commit: no job, no
 * claim. Outcomes are recorded together, whatever finished while the previous record ran; a
 * retry becomes a delayed callbacks job with the attempts that are left.
 *
 * Storing never waits for the platform: at most `limit` POSTs are in flight and `backlog`
 * requests wait for one; requests beyond that, and those that waited longer than timeoutMs,
 * go to the callbacks queue, and so do the still-open requests of redelivered events.
 */
export function createDispatcher({ orm, attempt, callbacks, maxAttempts, limit, backlog = limit * 8, timeoutMs, metrics, log, publish, requeue }: DispatcherOptions) {
  const leaseMs = 2 * timeoutMs + 5_000
  let finished: FinishedAttempt[] = []
  let recording: Promise<void> | undefined
  const waiting: Array<{ outbound: Outbound; since: number }> = []
  const inFlight = new Set<Promise<void>>()

  async function record(batch: FinishedAttempt[]) {
    let taken: Map<string, number>
    const em = orm.em.fork()
    try {
      taken = await recordAttempts(em, batch)
    } catch (err) {
      // The rows stay delivering: the sweeper hands them on when their lease runs out.
      log.error({ err, requests: batch.length }, 'first callback attempts: could not record their outcomes; the sweeper will retry them')
      return
    }
    const settled = batch.filter((f) => taken.has(f.outbound.row.id))
    const retries = settled.filter((f) => f.delayMs !== undefined).map((f) => ({ id: f.outbound.row.id, delayMs: f.delayMs! }))
    try {
      await enqueueCallbackRetries(callbacks, retries, maxAttempts)
    } catch (err) {
      log.error({ err, requests: retries.length }, 'first callback attempts: could not enqueue retries; the sweeper will')
    }
    publish(settled.map((f) => statusMessage(f.outbound, f.at)))
    try {
      // Every attempt frees its environment, also one whose row was settled meanwhile (superseded while it ran).
      await requeue(await nextInLine(em, batch.flatMap((f) => queueOf(f.outbound))))
    } catch (err) {
      log.error({ err, requests: settled.length }, 'could not send the requests next in line; the sweeper will')
    }
  }

  function recordFinished() {
    if (recording || finished.length === 0) return
    const batch = finished
    finished = []
    recording = record(batch).finally(() => {
      recording = undefined
      recordFinished()
    })
  }

  /** Requests this worker will not send itself: the callbacks queue sends them (it counts the attempt). */
  async function queue(ids: string[], path: 'queued' | 'handed_off') {
    if (ids.length === 0) return
    metrics.firstAttempts.inc({ path }, ids.length)
    await enqueueCallbacks(callbacks, ids, maxAttempts)
  }

  function pump() {
    const late: string[] = []
    while (inFlight.size < limit && waiting.length > 0) {
      const { outbound, since } = waiting.shift()!
      if (Date.now() - since > timeoutMs) {
        late.push(outbound.row.id)
        continue
      }
      metrics.firstAttempts.inc({ path: 'sent' })
      const running: Promise<void> = attempt(outbound, { retry: 1, final: maxAttempts <= 1 })
        .then((done) => {
          finished.push(done)
          recordFinished()
        })
        .catch((err) => log.error({ err, messageId: outbound.row.id }, 'first callback attempt failed unexpectedly; the sweeper will retry it'))
        .finally(() => {
          inFlight.delete(running)
          pump()
        })
      inFlight.add(running)
    }
    queue(late, 'handed_off').catch((err) => log.error({ err, requests: late.length }, 'first callback attempts: could not hand requests to the callbacks queue; the sweeper will'))
  }

  return {
    leaseMs,
    /** Takes what was just stored: first attempts for as many new requests as there is room for, the callbacks queue for the rest. */
    async dispatch(stored: StoredDeliveries): Promise<void> {
      // Only the head of each environment's queue goes now; the others wait their turn or were superseded.
      const ready = stored.created.filter((request) => request.queue === null || request.queue.status === 'delivering')
      const room = Math.max(0, limit + backlog - inFlight.size - waiting.length)
      const traces = traceparents(stored)
      const now = ready.slice(0, room).map((request) => requestOutbound(request, { status: 'delivering', attempts: 0, lastError: null }, traces.get(request.event.deliveryId) ?? null))
      const since = Date.now()
      for (const outbound of now) waiting.push({ outbound, since })
      if (now.length > 0) publish(now.map((outbound) => statusMessage(outbound, stored.at)))
      pump()
      await queue(ready.slice(room).map((request) => request.id), 'queued')
      if (stored.reopened.length > 0) await enqueueCallbacks(callbacks, stored.reopened, maxAttempts)
      // Heads waiting their turn get a job too: if the request in flight settled while they were
      // being stored, nothing else would wake them before the sweeper; if it has not, the job's
      // claim is refused and the settling request requeues them.
      const waitingTurn = stored.created.filter((request) => request.queue?.status === 'pending').map((request) => request.id)
      if (waitingTurn.length > 0) await enqueueCallbacks(callbacks, waitingTurn, maxAttempts)
      // Requests whose checks just passed: their job may not exist yet, or have finished.
      if (stored.released.length > 0) await requeue(stored.released)
    },
    /** Waits for the waiting and in-flight attempts and for their outcomes to be recorded (shutdown). */
    async drain() {
      while (inFlight.size > 0 || recording) await Promise.all([...inFlight, recording])
    },
  }
}

