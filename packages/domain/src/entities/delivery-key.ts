import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

/**
 * One row per stored delivery, not partitioned: what keeps a delivery stored once now that
 * webhook_events is partitioned by time (a unique index there could not span partitions).
 * Storing inserts here first; retention deletes the key with its event.
 */
export const DeliveryKey = defineEntity({
  name: 'DeliveryKey',
  tableName: 'delivery_keys',
  properties: {
    hookId: p.bigint('number').primary().default(0),
    deliveryId: p.string().primary(),
    eventId: p.uuid(),
    /** The event's receivedAt: finds its partition. */
    receivedAt: p.datetime(),
  },
})
export type IDeliveryKey = InferEntity<typeof DeliveryKey>
