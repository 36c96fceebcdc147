import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { unavailable } from '../../lib/unavailable.ts'

const WEBHOOK_PATHS = new Set(['/api/webhook', '/webhooks/github'])

/**
 * Bounds the deliveries being handled at once (from their first byte until their answer):
 * past `limit`, a delivery is answered 503 + Retry-After before its body is read, which costs a
 * fraction of storing it. A burst the process cannot keep up with then sheds at once, instead of
 * queueing until GitHub's 10 s timeout counts every delivery behind it as failed. The event loop
 * delay check (under-pressure) needs a second's sample to notice; this one counts each request.
 * Only the webhook routes count and are shed: /healthz keeps answering a busy process. 0: off.
 */
async function inFlightLimit(app: FastifyInstance, { limit }: { limit: number }) {
  if (limit === 0) return
  let inFlight = 0
  const release = () => {
    inFlight--
  }
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'POST' || !WEBHOOK_PATHS.has(req.routeOptions.url ?? '')) return
    if (inFlight >= limit) throw unavailable(`the ingest is already handling ${limit} deliveries: the delivery was not stored, redeliver it later`)
    inFlight++
    // close comes once per response, answered or cut off.
    reply.raw.once('close', release)
  })
}

export default fp(inFlightLimit, { name: 'in-flight-limit' })
