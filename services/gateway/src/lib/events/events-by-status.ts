import type { EntityManager } from '@gwm/domain'
import type { Visibility } from './access.ts'
import { type EventStatus, FAILED, OPEN, STATUS_JOIN } from './event-status.ts'
import { requestKeys, storedSpan } from './events-by-requests.ts'
import { type EventKey, type EventsFilter, eventKeys, eventsListQuery } from './list-query.ts'
import { keysWithStatus } from './keys-with-status.ts'

/**
 * Keys read at first: of the events, enough for a page of a status a quarter of them have; of
 * the requests (few), 500. Doubled for each further round, so a status that few of them have
 * costs few rounds.
 */
const firstChunk = (fromRequests: boolean, limit: number) => (fromRequests ? 500 : 4 * (limit + 1))
/**
 * No round reads more. Stored or delivered events rarer than that among those the filter matches
 * are found by one join of the rest with their requests (STATUS_JOIN): Postgres hashes those days'
 * requests, cheaper by then than more rounds, and the list ends within the statement timeout (a
 * 503 past it) rather than going on round after round.
 */
const LARGEST_CHUNK = 8_000

type EventRows = Awaited<ReturnType<ReturnType<typeof eventsListQuery>['getResultList']>>

/**
 * The events with this status a caller may see that match the filter, newest first: one more
 * than the page, to tell whether another follows. One join of the events with their requests is
 * planned over every day's requests (Postgres costs a lookup in each day's partition, not knowing
 * that it prunes to one as it runs) and hashes them all. Instead, a chunk of keys at a time,
 * newest first, until the page (and one more) is full or no key is left:
 * - failed and pending: failed and open requests are few (open ones are in flight; failed ones end
 *   with retention), so the keys come from them (events-by-requests.ts);
 * - stored and delivered, what most events are: the keys of the newest events that match the
 *   filter, through the receipt-time index (list-query.ts);
 * then each key's status from its requests, looked up one by one (keys-with-status.ts), and the
 * page's events read by key.
 */
export async function eventsByStatus(em: EntityManager, visible: Visibility, filter: EventsFilter & { status: EventStatus }): Promise<EventRows> {
  const { status, limit } = filter
  const fromRequests = status === 'failed' || status === 'pending'
  const span = fromRequests ? await storedSpan(em) : undefined
  const join = status === 'stored' || status === 'delivered' ? STATUS_JOIN[status] : undefined
  const rows: EventRows = []
  if (fromRequests && !span) return rows
  let before: EventKey | undefined = filter.after ? [filter.after[0].toISOString(), filter.after[1]] : undefined
  for (let size = firstChunk(fromRequests, limit); ; size = Math.min(2 * size, LARGEST_CHUNK)) {
    const keys = span ? await requestKeys(em, status === 'failed' ? FAILED : OPEN, visible, filter, span, before, size) : await eventKeys(em, visible, filter, before, size)
    if (keys.length === 0) return rows
    // Keys from the requests are checked against the rest of the filter on their events too.
    const matching = await keysWithStatus(em, visible, filter, keys, Boolean(span))
    const wanted = limit + 1 - rows.length
    if (matching.length) rows.push(...(await eventsListQuery(em, visible, { ...filter, limit: wanted - 1 }, matching.slice(0, wanted)).getResultList()))
    if (rows.length > limit || keys.length < size) return rows
    before = keys.at(-1)
    // Rare among the events the filter matches: the rest in one statement.
    if (join && size === LARGEST_CHUNK) {
      const rest = eventsListQuery(em, visible, { ...filter, limit: limit - rows.length }).andWhere(join)
      rows.push(...(await rest.andWhere('(e.received_at, e.id) < (?::timestamptz, ?::uuid)', before).getResultList()))
      return rows
    }
  }
}
