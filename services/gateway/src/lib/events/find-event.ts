import { type EntityManager, WebhookEvent } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import type { Visibility } from './access.ts'

/** Events a delivery id names at most: one per hook it reached, each GitHub's redelivery a new id. */
const SAME_DELIVERY_ID = 20

/**
 * The newest event with this delivery id that the caller may see; 404 otherwise (never 403:
 * no hints). Without its payload: the ORM re-serializes a loaded JSON column, which a payload
 * nested thousands of levels deep (stored fine) cannot survive. Read it with payloadText.
 * Found by its delivery id alone, then checked against what the caller may see: the caller's
 * repositories as a filter would be a thousand parameters to plan over every day's partition.
 */
export async function findVisibleEvent(em: EntityManager, deliveryId: string, visible: Visibility) {
  const found = await em.find(WebhookEvent, { deliveryId }, { populate: ['repository'], exclude: ['payload'], orderBy: { receivedAt: 'desc' }, limit: SAME_DELIVERY_ID })
  const event = found.find((candidate) => visible.all || (candidate.repository != null && visible.repositoryIds.includes(candidate.repository.id)))
  if (!event) throw new HttpError(404, 'not_found', `no event with delivery id ${deliveryId} that you can see: check GET /api/events`)
  return event
}
