import { type EntityManager, WebhookEvent } from '@gwm/domain'
import { pgArray } from '../db/pg-array.ts'
import type { Visibility } from './access.ts'
import type { EventStatus } from './event-status.ts'

/** What GET /api/events filters by (the cursor already decoded; a repository, by narrowing the visibility: repository-scope.ts). */
export interface EventsFilter {
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

/**
 * The rows of the repositories a caller may see, on `column`: one repository as a plain value,
 * which Postgres can walk its (repository, receipt time) index with, newest first; several as one
 * array parameter; null for the platform.
 */
export function repositoryCondition(column: string, visible: Visibility): [string, string] | null {
  if (visible.all) return null
  const [only] = visible.repositoryIds
  return visible.repositoryIds.length === 1 && only ? [`${column} = ?::uuid`, only] : [`${column} = any(?::uuid[])`, pgArray(visible.repositoryIds)]
}

/**
 * The oldest and newest receipt time of keys read newest first, as plain bounds next to the keys:
 * Postgres then plans only the partitions of those days.
 */
export function keySpan(keys: readonly EventKey[]): [oldest: string, newest: string] {
  const [newest, oldest] = [keys[0], keys.at(-1)]
  if (!newest || !oldest) throw new Error('no keys: nothing to bound')
  return [oldest[0], newest[0]]
}

/** The filter but status and cursor, as conditions on webhook_events e: the same for the list and for its keys. */
export function eventConditions(visible: Visibility, { event, decision, since, until }: EventsFilter): [string[], unknown[]] {
  const where: string[] = []
  const params: unknown[] = []
  const add = (condition: string, ...values: unknown[]) => {
    where.push(condition)
    params.push(...values)
  }
  const repositories = repositoryCondition('e.repository_id', visible)
  if (repositories) add(...repositories)
  if (event) add('e.event = ?', event)
  if (since) add('e.received_at >= ?', new Date(since))
  if (until) add('e.received_at < ?', new Date(until))
  // A prefix, matched as written (_ and % are not wildcards).
  if (decision) add('e.decision like ?', `${decision.replace(/[\\%_]/g, '\\$&')}%`)
  return [where, params]
}

/**
 * The events a caller may see that match the filter but status, newest first: one more than the
 * page, to tell whether another follows. With `keys`, among those events only (events-by-status.ts).
 */
export function eventsListQuery(em: EntityManager, visible: Visibility, filter: EventsFilter, keys?: EventKey[]) {
  const { after, limit } = filter
  const [conditions, params] = eventConditions(visible, filter)
  if (keys) {
    if (keys.length === 0) throw new Error('no keys: no event to read')
    conditions.push(`(e.received_at, e.id) in (${keys.map(() => '(?::timestamptz, ?::uuid)').join(', ')})`, 'e.received_at between ?::timestamptz and ?::timestamptz')
    params.push(...keys.flat(), ...keySpan(keys))
  }
  if (after) {
    conditions.push('(e.received_at, e.id) < (?, ?)')
    params.push(...after)
  }
  const qb = em
    .qb(WebhookEvent, 'e')
    .select(['e.id', 'e.deliveryId', 'e.hookId', 'e.event', 'e.action', 'e.sender', 'e.receivedAt', 'e.processedAt', 'e.decision', 'e.installationId', 'e.source'])
    .leftJoinAndSelect('e.repository', 'r', {}, ['id', 'githubId', 'fullName'])
    .orderBy({ receivedAt: 'desc', id: 'desc' })
    .limit(limit + 1)
  return conditions.length ? qb.where(conditions.join(' and '), params) : qb
}

/**
 * The keys of at most `size` events that match the filter but status, newest first, after `before`:
 * through the receipt-time index, a few rows a page.
 */
export function eventKeysQuery(visible: Visibility, filter: EventsFilter, before: EventKey | undefined, size: number): [string, unknown[]] {
  const [where, params] = eventConditions(visible, filter)
  if (before) {
    where.push('(e.received_at, e.id) < (?::timestamptz, ?::uuid)')
    params.push(...before)
  }
  const sql = `select e.received_at::text as at, e.id from webhook_events e ${where.length ? `where ${where.join(' and ')}` : ''}
     order by e.received_at desc, e.id desc limit ?`
  return [sql, [...params, size]]
}

export async function eventKeys(em: EntityManager, ...args: Parameters<typeof eventKeysQuery>): Promise<EventKey[]> {
  const rows = await em.execute<Array<{ at: string; id: string }>>(...eventKeysQuery(...args))
  return rows.map((row) => [row.at, row.id])
}
