import type { StoredDeliveries } from '@gwm/domain'
import { DELIVERY_ID_ATTRIBUTE, endSpan, inSpan, startSpan, tracingOn } from '@gwm/runtime'
import type { CallbackOutcome } from './classify.ts'
import type { Outbound } from './message.ts'
import type { SendCallback } from './post-callback.ts'

const NONE: ReadonlyMap<string, string> = new Map()

/** The traces of the deliveries just stored, by delivery id (none when this worker does not trace). */
export function traceparents(stored: StoredDeliveries): ReadonlyMap<string, string> {
  if (!tracingOn()) return NONE
  const traces = new Map<string, string>()
  for (const { delivery } of stored.deliveries) if (delivery.traceparent) traces.set(delivery.deliveryId, delivery.traceparent)
  return traces
}

/**
 * Sends a callback as a span of its delivery's trace: the POST's own span (undici's) is its
 * child, and carries the traceparent header to the platform. With tracing off, just sends.
 */
export async function sendTraced(send: SendCallback, outbound: Outbound): Promise<CallbackOutcome> {
  // Off, not even the attributes are made: this runs for every callback.
  if (!tracingOn()) return send(outbound.body)
  const span = startSpan('callback.attempt', outbound.traceparent, {
    ...(outbound.deliveryId ? { [DELIVERY_ID_ATTRIBUTE]: outbound.deliveryId } : {}),
    'gwm.callback.id': outbound.row.id,
    'gwm.callback.type': outbound.body.type,
    'gwm.callback.attempt': outbound.row.attempts + 1,
  })
  if (!span) return send(outbound.body)
  try {
    const outcome = await inSpan(span, () => send(outbound.body))
    if (outcome.statusCode !== null) span.setAttribute('http.response.status_code', outcome.statusCode)
    endSpan(span, outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300 ? undefined : new Error('callback not delivered'))
    return outcome
  } catch (error) {
    endSpan(span, error)
    throw error
  }
}
