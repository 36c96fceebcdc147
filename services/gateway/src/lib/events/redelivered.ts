import { type EntityManager, Redelivery } from '@gwm/domain'

/** The delivery ids among these that the delivery reconciliation asked GitHub to send again. */
export async function redeliveredIds(em: EntityManager, deliveryIds: string[]): Promise<Set<string>> {
  if (deliveryIds.length === 0) return new Set()
  const rows = await em.find(Redelivery, { deliveryId: { $in: deliveryIds } }, { fields: ['deliveryId'] })
  return new Set(rows.map((row) => row.deliveryId))
}
