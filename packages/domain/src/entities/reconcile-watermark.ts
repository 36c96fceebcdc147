import { defineEntity, type InferEntity, p } from '@mikro-orm/core'

/**
 * How far a scheduled reconciliation has looked: per source (`deliveries:app`,
 * `deliveries:hook:<githubHookId>`, …) the newest delivery time already checked.
 */
export const ReconcileWatermark = defineEntity({
  name: 'ReconcileWatermark',
  tableName: 'reconcile_watermarks',
  properties: {
    name: p.text().primary(),
    watermark: p.datetime(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
})
export type IReconcileWatermark = InferEntity<typeof ReconcileWatermark>
