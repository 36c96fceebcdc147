import type { EntityManager } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import { receiptRange } from './receipt-range.ts'

/**
 * An event's payload as the JSON text Postgres holds, not parsed into objects here: JSON.parse
 * copes with any depth Postgres stores, but JSON.stringify (so the ORM and the response
 * serializer) overflows the stack on a payload nested about 10,000 levels deep.
 */
export async function payloadText(em: EntityManager, event: { id: string; deliveryId: string; receivedAt: Date }): Promise<string> {
  // By its receipt time too: the one partition that holds it is read, not every day's.
  const { $gte, $lt } = receiptRange([event])
  const [row] = await em.execute<Array<{ payload: string }>>('select payload::text as payload from webhook_events where id = ? and received_at >= ? and received_at < ?', [event.id, $gte, $lt])
  // Pruned between the two reads.
  if (!row) throw new HttpError(404, 'not_found', `event ${event.deliveryId} is no longer stored`)
  return row.payload
}
