import type { EntityManager } from '@mikro-orm/postgresql'
import type { Delivery } from './delivery.ts'
import { runPrepared } from './run-prepared.ts'

// delivery_keys: one row per stored delivery (unpartitioned, unlike webhook_events). A delivery whose event was pruned inside the redelivery window (pruned_deliveries) counts as stored.
const STORED_SQL = `with k (hook_id, delivery_id) as (select * from unnest(?::bigint[], ?::text[]))
  select hook_id, delivery_id from delivery_keys where (hook_id, delivery_id) in (select * from k)
  union all select hook_id, delivery_id from pruned_deliveries where (hook_id, delivery_id) in (select * from k)`

export const deliveryKey = (delivery: Delivery) => `${delivery.hookId}/${delivery.deliveryId}`

/** Keys (deliveryKey) of the deliveries among these that are already stored, or were and are pruned (redeliveries). */
export async function storedKeys(em: EntityManager, deliveries: Delivery[]): Promise<Set<string>> {
  if (deliveries.length === 0) return new Set()
  const keys = [deliveries.map((d) => d.hookId), deliveries.map((d) => d.deliveryId)]
  // Planned for its values each time: a kept plan made while the table was small would scan it whole.
  const rows = await runPrepared<{ hook_id: string | number; delivery_id: string }>(em, STORED_SQL, keys, { planEachTime: true })
  return new Set(rows.map((row) => `${row.hook_id}/${row.delivery_id}`))
}
