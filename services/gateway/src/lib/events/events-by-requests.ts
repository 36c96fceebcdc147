import type { EntityManager } from '@gwm/domain'
import type { Visibility } from './access.ts'
import { type EventKey, type EventsFilter, repositoryCondition } from './list-query.ts'

/**
 * The receipt times of the oldest and newest event stored (one step down each end of the
 * receipt-time index), or undefined when there is none: requests fall between them, so the
 * days' partitions made ahead and the default one (empty) are left out of the plans.
 */
export async function storedSpan(em: EntityManager): Promise<[oldest: string, newest: string] | undefined> {
  const [row] = await em.execute<Array<{ oldest: string | null; newest: string | null }>>('select min(received_at)::text as oldest, max(received_at)::text as newest from webhook_events')
  return row?.oldest && row.newest ? [row.oldest, row.newest] : undefined
}

/**
 * The keys of the events with a request in these statuses, newest first, after `before`: from the
 * requests (a partial index on failed ones, the status index on open ones), narrowed as the
 * events are (a request carries its event's receipt time and repository), within `span`
 * (storedSpan).
 */
export function requestKeysQuery(condition: string, visible: Visibility, filter: EventsFilter, span: [string, string], before: EventKey | undefined, size: number): [string, unknown[]] {
  const where = [condition, 'd.received_at between ?::timestamptz and ?::timestamptz']
  const params: unknown[] = [...span]
  const repositories = repositoryCondition('d.repository_id', visible)
  if (repositories) {
    where.push(repositories[0])
    params.push(repositories[1])
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
