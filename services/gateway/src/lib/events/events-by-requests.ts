import type { EntityManager } from '@gwm/domain'
import type { Visibility } from './access.ts'
import { type EventKey, type EventsFilter, eventsListQuery, FAILED, OPEN } from './list-query.ts'

/** Keys read at first; doubled for each further round, so a filter that matches few of them costs few rounds. */
const FIRST_CHUNK = 500

/**
 * The keys of the events with a request in these statuses, newest first, after `before`: from the
 * requests (a partial index on failed ones, the status index on open ones), narrowed as the
 * events are (a request carries its event's receipt time and repository).
 */
export function requestKeysQuery(condition: string, visible: Visibility, filter: EventsFilter, before: EventKey | undefined, size: number): [string, unknown[]] {
  const where = [condition]
  const params: unknown[] = []
  if (!visible.all) {
    // One parameter, as Postgres' array text: the query builder would spread a list into one per id.
    where.push('d.repository_id = any(?::uuid[])')
    params.push(`{${visible.repositoryIds.join(',')}}`)
  }
  if (filter.repo) {
    where.push('d.repository_id in (select r.id from repositories r where r.full_name = ?)')
    params.push(filter.repo)
  }
  if (filter.since) {
    where.push('d.received_at >= ?')
    params.push(new Date(filter.since))
  }
  if (filter.until) {
    where.push('d.received_at < ?')
    params.push(new Date(filter.until))
  }
  if (before) {
    where.push('(d.received_at, d.event_id) < (?::timestamptz, ?::uuid)')
    params.push(...before)
  }
  const sql = `select d.received_at::text as at, d.event_id as id from deployment_requests d where ${where.join(' and ')}
     group by d.received_at, d.event_id order by d.received_at desc, d.event_id desc limit ?`
  return [sql, [...params, size]]
}

export async function requestKeys(em: EntityManager, ...args: Parameters<typeof requestKeysQuery>): Promise<EventKey[]> {
  const rows = await em.execute<Array<{ at: string; id: string }>>(...requestKeysQuery(...args))
  return rows.map((row) => [row.at, row.id])
}

/**
 * status=failed and status=pending: failed and open requests are few (open ones are in flight;
 * failed ones end with retention), so their events are found from them, a chunk of keys at a
 * time, newest first, each chunk's events then read by key with the other filters, until the page
 * (and one more) is full or no request is left. Never by reading the events table for them.
 */
export async function eventsByRequests(em: EntityManager, visible: Visibility, filter: EventsFilter & { status: 'failed' | 'pending' }) {
  const condition = filter.status === 'failed' ? FAILED : OPEN
  const rows: Awaited<ReturnType<ReturnType<typeof eventsListQuery>['getResultList']>> = []
  let before: EventKey | undefined = filter.after ? [filter.after[0].toISOString(), filter.after[1]] : undefined
  for (let size = FIRST_CHUNK; ; size *= 2) {
    const keys = await requestKeys(em, condition, visible, filter, before, size)
    if (keys.length === 0) return rows
    const wanted = filter.limit + 1 - rows.length
    rows.push(...(await eventsListQuery(em, visible, { ...filter, limit: wanted - 1 }, keys).getResultList()))
    if (rows.length > filter.limit || keys.length < size) return rows
    before = keys.at(-1)
  }
}
