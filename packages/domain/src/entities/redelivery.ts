import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

export const REDELIVERY_REASONS = ['failed', 'missing'] as const

/**
 * A delivery the reconciliation asked GitHub to send again (GitHub keeps its GUID): the events
 * API shows the stored event as `source: reconciled`, and a GUID is asked for at most once per reason.
 */
export const Redelivery = defineEntity({
  name: 'Redelivery',
  tableName: 'redeliveries',
  properties: {
    deliveryId: p.string().primary(),
    /** GitHub's numeric id of the delivery attempt that was redelivered. */
    githubDeliveryId: p.bigint('number'),
    /** `app` or the repository hook's GitHub id. */
    hook: p.text(),
    reason: p.enum(REDELIVERY_REASONS),
    /** When GitHub was last asked. */
    requestedAt: p.datetime().onCreate(() => new Date()),
    /** How many times GitHub was asked for it (a redelivery that failed too is asked for again, a few times). */
    asks: p.integer().default(1),
  },
})
export type IRedelivery = InferEntity<typeof Redelivery>
