import type { StoredDeliveries } from '@gwm/domain'
import { endSpan, inSpan, startSpan } from '@gwm/runtime'
import type { Job } from 'bullmq'

/** The new requests, each with its delivery's trace (when it was traced), for their GitHub mirror jobs. */
export function withTraces(stored: StoredDeliveries) {
  const traces = new Map<string, string>()
  for (const { delivery } of stored.deliveries) if (delivery.traceparent) traces.set(delivery.deliveryId, delivery.traceparent)
  return stored.created.map((request) => ({ id: request.id, installationId: request.installationId, traceparent: traces.get(request.event.deliveryId) ?? null }))
}

/**
 * Runs a GitHub write as a span of the trace its job carries (a delivery's, or a platform
 * report's): GitHub's answers, through the client's own spans, join it. Without one, just runs.
 */
export async function traceWrite<T>(job: Job, write: () => Promise<T>): Promise<T> {
  const { traceparent, requestId } = (job.data ?? {}) as { traceparent?: unknown; requestId?: unknown }
  const span = typeof traceparent === 'string' ? startSpan('github.write', traceparent, { 'gwm.job.name': job.name, 'gwm.request.id': String(requestId), 'gwm.job.attempt': job.attemptsMade + 1 }) : undefined
  if (!span) return write()
  try {
    const result = await inSpan(span, write)
    endSpan(span)
    return result
  } catch (error) {
    endSpan(span, error)
    throw error
  }
}
