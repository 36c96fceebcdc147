import { type EntityManager, WebhookEvent } from '@gwm/domain'
import type { Visibility } from './access.ts'

export type EventStatus = 'stored' | 'pending' | 'failed' | 'delivered'

/** What GET /api/events filters by (the cursor already decoded). */
export interface EventsFilter {
  repo?: string | undefined
  event?: string | undefined
  status?: EventStatus | undefined
  decision?: string | undefined
  since?: string | undefined
  until?: string | undefined
  after?: [Date, string] | undefined
  limit: number
}

/** An event's key, as the requests carry it: its receipt time (as Postgres writes it, to the microsecond) and id. */
export type EventKey = [receivedAt: string, id: string]

/** Requests in flight, and requests that gave up: few, so their events are found from them (events-by-requests.ts). */
export const OPEN = `d.status in ('pending', 'delivering', 'waiting_checks')`
export const FAILED = `d.status in ('failed', 'blocked')`
// Stored and delivered are what most events are: the newest events, read by the receipt-time
// index, fill a page after a few rows each checked by the request index. Requests never sent
// (cancelled, superseded) count as none: an event with only those is stored.
const STATUS_SQL = {
  stored: `not exists (select 1 from deployment_requests d where d.event_id = e.id and d.received_at = e.received_at and d.status not in ('cancelled', 'superseded'))`,
  delivered: `exists (select 1 from deployment_requests d where d.event_id = e.id and d.received_at = e.received_at and d.status = 'delivered') and not exists (select 1 from deployment_requests d where d.event_id = e.id and d.received_at = e.received_at and d.status not in ('delivered', 'cancelled', 'superseded'))`,
} as const

/**
 * The events a caller may see that match the filter, newest first: one more than the page, to
 * tell whether another follows. With status failed or pending, among `keys` only (events-by-requests.ts).
 */
export function eventsListQuery(em: EntityManager, visible: Visibility, filter: EventsFilter, keys?: EventKey[]) {
  const { repo, event, status, decision, since, until, after, limit } = filter
  const qb = em
    .qb(WebhookEvent, 'e')
    .select(['e.id', 'e.deliveryId', 'e.hookId', 'e.event', 'e.action', 'e.sender', 'e.receivedAt', 'e.processedAt', 'e.decision', 'e.installationId', 'e.source'])
    .leftJoinAndSelect('e.repository', 'r', {}, ['id', 'githubId', 'fullName'])
    .where({
      ...(visible.all ? {} : { repository: { $in: visible.repositoryIds } }),
      ...(repo ? { repository: { ...(visible.all ? {} : { id: { $in: visible.repositoryIds } }), fullName: repo } } : {}),
      ...(event ? { event } : {}),
      ...(since || until ? { receivedAt: { ...(since ? { $gte: new Date(since) } : {}), ...(until ? { $lt: new Date(until) } : {}) } } : {}),
      // A prefix, matched as written (_ and % are not wildcards).
      ...(decision ? { decision: { $like: `${decision.replace(/[\\%_]/g, '\\$&')}%` } } : {}),
    })
    .orderBy({ receivedAt: 'desc', id: 'desc' })
    .limit(limit + 1)
  if (status === 'stored' || status === 'delivered') qb.andWhere(STATUS_SQL[status])
  if (status === 'failed' || status === 'pending') {
    if (!keys) throw new Error(`status ${status}: the events come from their requests (eventsByRequests)`)
    // Among these events only; an open request does not make an event pending once another failed.
    qb.andWhere(keys.length ? `(e.received_at, e.id) in (${keys.map(() => '(?::timestamptz, ?::uuid)').join(', ')})` : 'false', keys.flat())
    // The keys' time span as plain bounds too: Postgres then plans only the partitions of those days.
    const times = keys.map(([at]) => at).sort()
    if (keys.length) qb.andWhere('e.received_at between ?::timestamptz and ?::timestamptz', [times[0], times.at(-1)])
    if (status === 'pending') qb.andWhere(`not exists (select 1 from deployment_requests d where d.event_id = e.id and d.received_at = e.received_at and ${FAILED})`)
  }
  if (after) qb.andWhere('(e.received_at, e.id) < (?, ?)', after)
  return qb
}
