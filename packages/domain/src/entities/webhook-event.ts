import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Repository } from './repository.ts'

/**
 * One GitHub delivery, stored exactly once: (hookId, deliveryId) is unique in delivery_keys. The
 * table is partitioned by receivedAt (a day a partition; the database's key is (id, receivedAt)).
 */
export const WebhookEvent = defineEntity({
  name: 'WebhookEvent',
  tableName: 'webhook_events',
  // The events API lists events newest first: a repository's, an event name's, both (Migration20261207060000).
  indexes: [{ properties: ['repository', 'receivedAt'] }, { properties: ['event', 'receivedAt'] }, { properties: ['repository', 'event', 'receivedAt'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    deliveryId: p.string().index(),
    /** GitHub's X-GitHub-Hook-ID, or 0 when the delivery named none. */
    hookId: p.bigint('number').default(0),
    event: p.string(),
    action: p.text().nullable(),
    repository: () => p.manyToOne(Repository).nullable(),
    sender: p.text().nullable(),
    /** App mode: the installation the delivery came through. */
    installationId: p.bigint('number').nullable(),
    /** Why the event derived no deployment request it otherwise would (e.g. its installation is suspended). */
    decision: p.text().nullable(),
    /** null: GitHub sent it; `reconciled`: made by the missed-push reconciliation (no delivery ever came). */
    source: p.text().nullable(),
    /** The delivery's trace (W3C traceparent: version, trace id, span id, flags) when the ingest traced it. */
    traceparent: p.text().nullable(),
    receivedAt: p.datetime().index(),
    processedAt: p.datetime().nullable(),
    // json, not jsonb: the text GitHub sent, as it sent it (see Migration20261203043000).
    payload: p.json<Record<string, unknown>>().columnType('json'),
  },
})
export type IWebhookEvent = InferEntity<typeof WebhookEvent>
