import type { RequestStatus } from '@gwm/domain'

export type EventStatus = 'stored' | 'pending' | 'failed' | 'delivered'

/** Requests never sent (cancelled, superseded) count as none. */
const NEVER_SENT: readonly RequestStatus[] = ['cancelled', 'superseded']
/** Requests in flight. */
const WAITING: readonly RequestStatus[] = ['pending', 'delivering', 'waiting_checks']
/** Requests that gave up. */
const GAVE_UP: readonly RequestStatus[] = ['failed', 'blocked']

const sqlList = (statuses: readonly RequestStatus[]) => `(${statuses.map((status) => `'${status}'`).join(', ')})`
/** Requests in flight, and requests that gave up: few, so their events are found from them (events-by-requests.ts). */
export const OPEN = `d.status in ${sqlList(WAITING)}`
export const FAILED = `d.status in ${sqlList(GAVE_UP)}`

const requestWhere = (condition: string) => `(select 1 from deployment_requests d where d.event_id = e.id and d.received_at = e.received_at and ${condition})`
/** Stored and delivered as conditions on webhook_events e, joined with its requests: what eventStatus says, in SQL. */
export const STATUS_JOIN = {
  stored: `not exists ${requestWhere(`d.status not in ${sqlList(NEVER_SENT)}`)}`,
  delivered: `exists ${requestWhere(`d.status = 'delivered'`)} and not exists ${requestWhere(`d.status not in ${sqlList(['delivered', ...NEVER_SENT])}`)}`,
} as const

/** An event's status from its requests' statuses: failed (or blocked) wins, then pending, then delivered; none (or only never-sent ones): stored. */
export function eventStatus(all: readonly RequestStatus[]): EventStatus {
  const sent = all.filter((status) => !NEVER_SENT.includes(status))
  if (sent.length === 0) return 'stored'
  if (sent.some((status) => GAVE_UP.includes(status))) return 'failed'
  if (sent.some((status) => WAITING.includes(status))) return 'pending'
  return 'delivered'
}
