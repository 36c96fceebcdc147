import type { EntityManager } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'

/**
 * An event's payload as the JSON text Postgres holds, not parsed into objects here: JSON.parse
 * copes with any depth Postgres stores, but JSON.stringify (so the ORM and the response
 * serializer) overflows the stack on a payload nested about 10,000 levels deep.
 */
export async function payloadText(em: EntityManager, eventId: string, deliveryId: string): Promise<string> {
  const [row] = await em.execute<Array<{ payload: string }>>('select payload::text as payload from webhook_events where id = ?', [eventId])
  // Pruned between the two reads.
  if (!row) throw new HttpError(404, 'not_found', `event ${deliveryId} is no longer stored`)
  return row.payload
}
