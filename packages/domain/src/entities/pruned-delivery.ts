import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

/**
 * A delivery whose event was pruned (EVENT_RETENTION_DAYS) while GitHub could still send it
 * again: storing one with the same hook id and delivery id writes nothing, as for a stored
 * event. Kept while its receipt is inside the redelivery window, then pruned too.
 */
export const PrunedDelivery = defineEntity({
  name: 'PrunedDelivery',
  tableName: 'pruned_deliveries',
  properties: {
    // Delivery id first: the reconciliation looks GUIDs up without their hook.
    deliveryId: p.string().primary(),
    hookId: p.bigint('number').primary().default(0),
    /** When the ingest received it: the redelivery window runs from here. */
    receivedAt: p.datetime().index(),
    prunedAt: p.datetime(),
  },
})
export type IPrunedDelivery = InferEntity<typeof PrunedDelivery>
