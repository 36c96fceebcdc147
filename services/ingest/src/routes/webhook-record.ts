import type { FastifyReply, FastifyRequest } from 'fastify'
import type { IngestMetrics } from '../plugins/app/ingest-metrics.ts'

const outcomeOf = (status: number) =>
  status < 300 ? 'accepted' : status === 503 ? 'unavailable' : status < 500 ? 'rejected' : 'error'

/** One counter increment and one log line per delivery, whatever became of it. */
export function recordDelivery(metrics: IngestMetrics, req: FastifyRequest, reply: FastifyReply) {
  const status = reply.statusCode
  const state = req.delivery
  metrics.deliveries.inc({ event: state?.event ?? 'unverified', outcome: outcomeOf(status) })
  const fields = {
    deliveryId: state?.deliveryId,
    event: state?.event,
    action: state?.action,
    hookId: state?.hookId,
    status,
    ms: Math.round(reply.elapsedTime * 10) / 10,
  }
  if (status < 300) req.log.info(fields, 'delivery stored')
  else req.log.warn({ ...fields, error: state?.error, detail: state?.detail }, 'delivery not stored')
}
