import t from 'tap'
import { eventsQuery, filterProblems, filtersFromSearch, hasFilters, NO_FILTERS, searchOfFilters } from '../src/pages/events/event-filters.ts'

t.test('filters go to the address and back', async (t) => {
  const filters = { repo: 'octocat/hello-world', event: 'push', status: 'failed' as const, since: '2026-12-06T10:00', until: '2026-12-06T12:00' }
  const search = searchOfFilters(filters)
  t.equal(search, '?repo=octocat%2Fhello-world&event=push&status=failed&since=2026-12-06T10%3A00&until=2026-12-06T12%3A00')
  t.same(filtersFromSearch(search), filters)
  t.equal(searchOfFilters(NO_FILTERS), '', 'no filter: a bare /events')
  t.notOk(hasFilters(filtersFromSearch('')))
})

t.test('an address with an unknown status means any status', async (t) => {
  t.equal(filtersFromSearch('?status=<script>').status, '')
})

t.test('malformed filters are named before the gateway is asked', async (t) => {
  const problems = filterProblems({ repo: '<img src=x onerror=alert(1)>', event: 'Push!', status: '', since: 'yesterday', until: 'tomorrow' })
  t.match(problems.repo, /owner\/name/)
  t.match(problems.event, /lower-case/)
  t.match(problems.since, /date and time/)
  t.match(problems.until, /date and time/)
  t.match(filterProblems({ ...NO_FILTERS, since: '2026-12-06T10:00', until: '2026-12-06T09:00' }).until, /later than/, 'a range that holds nothing')
  t.same(filterProblems({ repo: 'octocat/hello.world', event: 'pull_request', status: 'pending', since: '2026-12-06T10:00', until: '2026-12-06T10:01' }), {})
})

t.test('the API query carries only the filters set, since as an instant', async (t) => {
  t.same(eventsQuery(NO_FILTERS, undefined, 50), { limit: 50 })
  const query = eventsQuery({ repo: 'o/r', event: '', status: 'delivered', since: '2026-12-06T10:00', until: '2026-12-06T11:00' }, 'abc', 20)
  t.same(Object.keys(query).sort(), ['cursor', 'limit', 'repo', 'since', 'status', 'until'])
  t.equal(query.since, new Date('2026-12-06T10:00').toISOString())
  t.equal(query.until, new Date('2026-12-06T11:00').toISOString())
})
