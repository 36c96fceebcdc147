import type { EntityManager } from '@mikro-orm/postgresql'
import type { Delivery } from './delivery.ts'
import { runPrepared } from './run-prepared.ts'

// The rule for "still open": pending, or delivering with a lease that has run out (its worker
// died before it settled the attempt). A request leased until a time still to come has its
// first attempt under way, and is left to the worker making it.
const OPEN_REQUESTS_SQL = `
  select d.id from deployment_requests d join webhook_events e on e.id = d.event_id
  where (e.hook_id, e.delivery_id) in (select * from unnest(?::bigint[], ?::text[]))
    and (d.status = 'pending' or (d.status = 'delivering' and d.next_attempt_at <= now()))`

/** The still-open requests of these (stored) deliveries' events. */
export async function openRequestsOf(em: EntityManager, deliveries: Delivery[]): Promise<string[]> {
  if (deliveries.length === 0) return []
  const keys = [deliveries.map((d) => d.hookId), deliveries.map((d) => d.deliveryId)]
  // Planned for its values each time: a kept plan made while the tables were small would scan them whole.
  const rows = await runPrepared<{ id: string }>(em, OPEN_REQUESTS_SQL, keys, { planEachTime: true })
  return rows.map((row) => row.id)
}
