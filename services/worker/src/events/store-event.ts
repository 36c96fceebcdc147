import { randomUUID } from 'node:crypto'
import { DeploymentRequest, deriveRequests, type EntityManager, insertRequests, Webhook, WebhookEvent } from '@gwm/domain'
import { findRepository, isCurrent, repositoryFields, saveRepository } from './ensure-repository.ts'
import { storeEventFast } from './store-event-fast.ts'

export interface IncomingEvent {
  deliveryId: string
  hookId: number
  event: string
  action: string | null
  receivedAt: Date
  payload: Record<string, unknown>
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

const login = (payload: Record<string, unknown>) => {
  const sender = payload.sender as { login?: unknown } | undefined
  return typeof sender?.login === 'string' ? sender.login : null
}

async function insertEvent(em: EntityManager, incoming: IncomingEvent, repositoryId: string | null): Promise<string | undefined> {
  const rows = (await em
    .qb(WebhookEvent)
    .insert({
      id: randomUUID(),
      deliveryId: incoming.deliveryId,
      hookId: incoming.hookId,
      event: incoming.event,
      action: incoming.action,
      repository: repositoryId,
      sender: login(incoming.payload),
      receivedAt: incoming.receivedAt,
      processedAt: new Date(),
      payload: incoming.payload,
    })
    .onConflict(['hookId', 'deliveryId'])
    .ignore()
    .returning(['id'])
    .execute('all')) as Array<{ id: string }>
  return rows[0]?.id
}

async function duplicateOf(em: EntityManager, incoming: IncomingEvent): Promise<StoredEvent> {
  const existing = await em.findOneOrFail(WebhookEvent, { hookId: incoming.hookId, deliveryId: incoming.deliveryId }, { fields: ['id', 'repository'] })
  const pending = await em.find(DeploymentRequest, { event: existing.id, status: { $in: ['pending', 'delivering'] } }, { fields: ['id'] })
  return { eventId: existing.id, repositoryId: existing.repository?.id ?? null, duplicate: true, pendingRequestIds: pending.map((r) => r.id), created: 0 }
}

/**
 * One atomic write: insert the WebhookEvent (unique hook id + delivery id; a duplicate
 * changes nothing), upsert its Repository, mark the hook verified on ping, and insert the
 * deployment requests the rules derive. Most events take the one-statement path; a new or
 * changed repository, or a ping, takes the transaction.
 */
export async function storeEvent(em: EntityManager, incoming: IncomingEvent): Promise<StoredEvent> {
  const fields = repositoryFields(incoming.payload.repository)
  if (incoming.event !== 'ping') {
    const fast = await storeEventFast(em, incoming, fields)
    if (fast.outcome === 'duplicate') return duplicateOf(em, incoming)
    if (fast.outcome === 'stored') {
      const { eventId, repositoryId, requestIds } = fast
      return { eventId, repositoryId, duplicate: false, pendingRequestIds: requestIds, created: requestIds.length }
    }
  }
  return em.transactional(async (tx) => {
    const found = fields ? await findRepository(tx, fields) : null
    const eventId = await insertEvent(tx, incoming, found?.id ?? null)
    if (!eventId) return duplicateOf(tx, incoming)

    let repositoryId = found?.id ?? null
    if (fields && (!found || !isCurrent(found, fields))) {
      repositoryId = await saveRepository(tx, fields)
      if (!found) await tx.nativeUpdate(WebhookEvent, { id: eventId }, { repository: repositoryId })
    }
    if (incoming.event === 'ping' && incoming.hookId !== 0) {
      await tx.nativeUpdate(Webhook, { githubHookId: incoming.hookId }, { verifiedAt: new Date() })
    }
    const ids = repositoryId ? await insertRequests(tx, eventId, repositoryId, deriveRequests(incoming.event, incoming.payload)) : []
    return { eventId, repositoryId, duplicate: false, pendingRequestIds: ids, created: ids.length }
  })
}
