import { type EntityManager, WebhookEvent } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import { repositoryFilter, type Visibility } from './access.ts'

/**
 * The newest event with this delivery id that the caller may see; 404 otherwise (never 403:
 * no hints). Without its payload: the ORM re-serializes a loaded JSON column, which a payload
 * nested thousands of levels deep (stored fine) cannot survive. Read it with payloadText.
 */
export async function findVisibleEvent(em: EntityManager, deliveryId: string, visible: Visibility) {
  const event = await em.findOne(WebhookEvent, { deliveryId, ...repositoryFilter(visible) }, {
    populate: ['repository'],
    exclude: ['payload'],
    orderBy: { receivedAt: 'desc' },
  })
  if (!event) throw new HttpError(404, 'not_found', `no event with delivery id ${deliveryId} that you can see: check GET /api/events`)
  return event
}
