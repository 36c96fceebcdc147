import type { EntityManager, RequestStatus } from '@gwm/domain'
import type { Visibility } from './access.ts'
import { type EventStatus, eventStatus } from './event-status.ts'
import { pgArray } from '../db/pg-array.ts'
import { type EventKey, type EventsFilter, eventConditions, keySpan } from './list-query.ts'

/**
 * Each key's requests' statuses, in the keys' order (newest first); with `checkEvents`, only the
 * keys whose event matches the filter but status. A lateral subquery per key, so a nested loop
 * that looks up each key by index in the partition of its day (pruned as it runs; the keys' span
 * leaves the other days out of the plan), where a join could be planned as a hash of every row
 * of those days.
 */
function keyStatusesQuery(visible: Visibility, filter: EventsFilter, keys: readonly EventKey[], checkEvents: boolean): [string, unknown[]] {
  const span = keySpan(keys)
  const params: unknown[] = [pgArray(keys.map(([at]) => at)), pgArray(keys.map(([, id]) => id)), ...span]
  let eventJoin = ''
  if (checkEvents) {
    const [conditions, values] = eventConditions(visible, filter)
    // limit 1: a lateral subquery Postgres cannot turn into a join.
    eventJoin = `cross join lateral (select 1 from webhook_events e where e.id = k.id and e.received_at = k.at and e.received_at between ?::timestamptz and ?::timestamptz
       ${conditions.map((condition) => `and ${condition}`).join(' ')} limit 1) e`
    params.push(...span, ...values)
  }
  const sql = `select k.n::int as n, s.statuses from unnest(?::timestamptz[], ?::uuid[]) with ordinality as k(at, id, n)
     cross join lateral (select coalesce(array_agg(d.status), '{}') as statuses from deployment_requests d
       where d.event_id = k.id and d.received_at = k.at and d.received_at between ?::timestamptz and ?::timestamptz) s
     ${eventJoin}
     order by k.n`
  return [sql, params]
}

/**
 * Those of the keys (newest first) whose event has the filter's status, as the API shows it
 * (eventStatus); with `checkEvents`, whose event also matches the rest of the filter.
 */
export async function keysWithStatus(em: EntityManager, visible: Visibility, filter: EventsFilter & { status: EventStatus }, keys: readonly EventKey[], checkEvents: boolean): Promise<EventKey[]> {
  const rows = await em.execute<Array<{ n: number; statuses: RequestStatus[] }>>(...keyStatusesQuery(visible, filter, keys, checkEvents))
  return rows.filter((row) => eventStatus(row.statuses) === filter.status).map((row) => keys[row.n - 1] as EventKey)
}
