import type { InboxEntry } from '@gwm/queue'
import { DELIVERY_ID_ATTRIBUTE, endSpan, inSpan, startSpan, tracingOn } from '@gwm/runtime'

/** The stream id's first part is the append time in milliseconds. */
const appendedAt = (entryId: string) => Number(entryId.split('-')[0]) || Date.now()

/**
 * Handles an inbox batch as spans of each traced delivery's own trace: `inbox.read`, from the
 * ingest's append to the relay's read (the time it waited), then `event.store`, the batch
 * stored and its requests handed on. A batch holds many traces: its Postgres and Redis calls
 * are made in the first one's. With tracing off, or no delivery traced, it just handles.
 */
export async function traceInboxBatch<T>(entries: InboxEntry[], handle: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return handle()
  const stores: Array<NonNullable<ReturnType<typeof startSpan>>> = []
  for (const { entryId, data } of entries) {
    if (!data.traceparent) continue
    const attributes = { [DELIVERY_ID_ATTRIBUTE]: data.deliveryId, 'gwm.event': data.event }
    endSpan(startSpan('inbox.read', data.traceparent, attributes, appendedAt(entryId)))
    const store = startSpan('event.store', data.traceparent, { ...attributes, 'gwm.batch.size': entries.length })
    if (store) stores.push(store)
  }
  try {
    const handled = await inSpan(stores[0], handle)
    for (const span of stores) endSpan(span)
    return handled
  } catch (error) {
    for (const span of stores) endSpan(span, error)
    throw error
  }
}
