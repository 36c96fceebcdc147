import { DeploymentRequest, type EntityManager, WebhookEvent } from '@gwm/domain'
import { repositoryFields, saveRepository } from './ensure-repository.ts'
import { writeEvent } from './write-event.ts'

export interface IncomingEvent {
  deliveryId: string
  hookId: number
  event: string
  action: string | null
  receivedAt: Date
  /** Parsed, for the rules. */
  payload: Record<string, unknown>
  /** The text stored in the json column (see parse-payload.ts). */
  payloadJson: string
}

export interface StoredEvent {
  eventId: string
  repositoryId: string | null
  /** The delivery was already stored: nothing was written. */
  duplicate: boolean
  /** Requests of this event still waiting for a callback (new ones, or a duplicate's leftovers). */
  pendingRequestIds: string[]
  created: number
}

async function duplicateOf(em: EntityManager, incoming: IncomingEvent): Promise<StoredEvent> {
  const existing = await em.findOneOrFail(WebhookEvent, { hookId: incoming.hookId, deliveryId: incoming.deliveryId }, { fields: ['id', 'repository'] })
  // A first attempt under way (delivering, leased until a time still to come) is left to its worker.
  const open = { $or: [{ status: 'pending' as const }, { status: 'delivering' as const, nextAttemptAt: { $lte: new Date() } }] }
  const pending = await em.find(DeploymentRequest, { event: existing.id, ...open }, { fields: ['id'] })
  return { eventId: existing.id, repositoryId: existing.repository?.id ?? null, duplicate: true, pendingRequestIds: pending.map((r) => r.id), created: 0 }
}

const alreadyStored = async (em: EntityManager, incoming: IncomingEvent) =>
  (await em.count(WebhookEvent, { hookId: incoming.hookId, deliveryId: incoming.deliveryId })) > 0

/**
 * Stores one delivery exactly once: the WebhookEvent (unique hook id + delivery id; a
 * duplicate changes nothing), its deployment requests and, on ping, the hook's verifiedAt,
 * in one atomic write. A repository seen for the first time, or renamed, is upserted first
 * (never on behalf of a duplicate, so an old redelivery cannot undo a rename).
 */
export async function storeEvent(em: EntityManager, incoming: IncomingEvent): Promise<StoredEvent> {
  const fields = repositoryFields(incoming.payload.repository)
  let written = await writeEvent(em, incoming, fields)
  if (written.outcome === 'repository-changed' && fields) {
    if (await alreadyStored(em, incoming)) return duplicateOf(em, incoming)
    await saveRepository(em, fields)
    written = await writeEvent(em, incoming, fields)
  }
  if (written.outcome === 'duplicate') return duplicateOf(em, incoming)
  // Only a concurrent change of the same repository gets here; the job's retry settles it.
  if (written.outcome === 'repository-changed') throw new Error(`repository ${fields?.fullName} changed while this event was stored: retrying`)
  const { eventId, repositoryId, requestIds } = written
  return { eventId, repositoryId, duplicate: false, pendingRequestIds: requestIds, created: requestIds.length }
}
