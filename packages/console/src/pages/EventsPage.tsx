import { call } from '@gwm/api-client'
import { useEffect, useRef, useState } from 'preact/hooks'
import { api } from '../api.ts'
import { ErrorNotice } from '../components/ErrorNotice.tsx'
import { useTitle } from '../lib/use-title.ts'
import { useRequest } from '../lib/use-request.ts'
import { useLive } from '../live/live.ts'
import { LiveStatus } from '../live/LiveStatus.tsx'
import { navigate } from '../routing/location.ts'
import { EventFiltersForm } from './events/EventFiltersForm.tsx'
import { eventsQuery, filtersFromSearch, hasFilters, searchOfFilters } from './events/event-filters.ts'
import { EventsTable } from './events/EventsTable.tsx'
import { NoEvents } from './events/NoEvents.tsx'

// The API's most per page: the list reads as one screenful to scroll, and paging is rarer.
const PAGE_SIZE = 100
/** Live messages come in bursts (an event, then its callbacks): read the page again once per burst. */
const RELOAD_AFTER_MS = 300

/** The events list: filters in the address, cursor paging, and the first page kept current by the live stream. */
export function EventsPage({ search }: { search: string }) {
  useTitle('Events')
  const filters = filtersFromSearch(search)
  // The cursors of the pages before this one: the first page has none.
  const [cursors, setCursors] = useState<string[]>([])
  const [unseen, setUnseen] = useState(0)
  const cursor = cursors.at(-1)
  useEffect(() => {
    setCursors([])
    setUnseen(0)
  }, [search])

  const list = useRequest(() => call(api.GET('/api/events', { params: { query: eventsQuery(filters, cursor, PAGE_SIZE) } })), `${search}|${cursor ?? ''}`)

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  useLive((notice) => {
    // On a later page a new event would shift the rows under the reader: count it and offer the newest instead.
    if (cursor && notice.type === 'message') return setUnseen((count) => count + 1)
    clearTimeout(timer.current)
    timer.current = setTimeout(list.reload, RELOAD_AFTER_MS)
  })

  const apply = (next: typeof filters) => navigate(`/events${searchOfFilters(next)}`)
  const events = list.data?.events ?? []
  return (
    <>
      <h1>Events</h1>
      <LiveStatus />
      <EventFiltersForm filters={filters} onApply={apply} />
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {cursor && unseen > 0 && (
        <p class="notice" role="status">
          {unseen} new {unseen === 1 ? 'update' : 'updates'} since this page was read.{' '}
          <button type="button" onClick={() => setCursors([])}>Show the newest</button>
        </p>
      )}
      {list.data && events.length === 0 && !cursor && <NoEvents filtered={hasFilters(filters)} onClear={() => apply(filtersFromSearch(''))} />}
      {events.length > 0 && <EventsTable events={events} />}
      {list.loading && !list.data && <p role="status">Loading events…</p>}
      <nav class="pager" aria-label="Pages of events">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>Previous page</button>
        <button type="button" disabled={!list.data?.nextCursor} onClick={() => list.data?.nextCursor && setCursors([...cursors, list.data.nextCursor])}>Next page</button>
      </nav>
    </>
  )
}
