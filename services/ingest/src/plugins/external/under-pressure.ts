import underPressure from '@fastify/under-pressure'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { RETRY_AFTER_S, unavailable } from '../../lib/unavailable.ts'

/**
 * While the event loop lags more than maxEventLoopDelayMs, or the process's resident memory is
 * over maxRssBytes (sampled each second), answer 503 + Retry-After at once instead of letting
 * GitHub's 10 s timeout expire or the pod run out of memory. Registered in the webhook routes'
 * scope only, so /healthz keeps answering a busy but alive process.
 */
async function overload(app: FastifyInstance, { maxEventLoopDelayMs, maxRssBytes }: { maxEventLoopDelayMs: number; maxRssBytes: number }) {
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    maxRssBytes,
    retryAfter: RETRY_AFTER_S,
    pressureHandler: (_req, _reply, type, value) =>
      Promise.reject(unavailable(`the ingest is overloaded (${type} ${Math.round(value ?? 0)}): the delivery was not stored, redeliver it later`)),
  })
}

export default fp(overload, { name: 'overload' })
