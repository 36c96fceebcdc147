import { instantOf } from '../../lib/local-time.ts'

/** The events page's filters, as its address and its form hold them. */
export interface EventFilters {
  /** owner/name */
  repo: string
  /** A GitHub event name: push, pull_request, … */
  event: string
  status: '' | EventStatus
  /** A local date and time as <input type="datetime-local"> writes it: received at or after it. */
  since: string
  /** Likewise: received before it. */
  until: string
}

export const EVENT_STATUSES = ['stored', 'pending', 'delivered', 'failed'] as const
type EventStatus = (typeof EVENT_STATUSES)[number]

export const NO_FILTERS: EventFilters = { repo: '', event: '', status: '', since: '', until: '' }

// The gateway's own rules for these parameters: a form that breaks them says so before asking.
const REPO = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/
const EVENT = /^[a-z_]{1,64}$/

const isStatus = (value: string): value is EventStatus => (EVENT_STATUSES as readonly string[]).includes(value)

/** The filters an address names (unknown or malformed values are kept, and reported by filterProblems). */
export function filtersFromSearch(search: string): EventFilters {
  const params = new URLSearchParams(search)
  const status = params.get('status') ?? ''
  return {
    repo: params.get('repo')?.trim() ?? '',
    event: params.get('event')?.trim() ?? '',
    status: isStatus(status) ? status : '',
    since: params.get('since') ?? '',
    until: params.get('until') ?? '',
  }
}

/** The query string of the events page for these filters ('' when none is set). */
export function searchOfFilters(filters: EventFilters): string {
  const params = new URLSearchParams()
  for (const key of ['repo', 'event', 'status', 'since', 'until'] as const) {
    const value = filters[key].trim()
    if (value) params.set(key, value)
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

export const hasFilters = (filters: EventFilters) => searchOfFilters(filters) !== ''

/** What is wrong with each filter, in words for its field; empty when nothing is. */
export function filterProblems(filters: EventFilters): Partial<Record<keyof EventFilters, string>> {
  const problems: Partial<Record<keyof EventFilters, string>> = {}
  if (filters.repo && !REPO.test(filters.repo)) problems.repo = 'Write the repository as owner/name, for example octocat/hello-world.'
  if (filters.event && !EVENT.test(filters.event)) problems.event = 'An event name is lower-case letters and underscores, for example push or pull_request.'
  if (filters.since && instantOf(filters.since) === null) problems.since = 'Give a date and time.'
  if (filters.until && instantOf(filters.until) === null) problems.until = 'Give a date and time.'
  else if (filters.since && filters.until && !problems.since && (instantOf(filters.until) as string) <= (instantOf(filters.since) as string)) problems.until = 'Give a time later than "Received since".'
  return problems
}

/** The query of GET /api/events for these filters, one page from `cursor`. */
export function eventsQuery(filters: EventFilters, cursor: string | undefined, limit: number) {
  return {
    limit,
    ...(filters.repo ? { repo: filters.repo } : {}),
    ...(filters.event ? { event: filters.event } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.since && instantOf(filters.since) ? { since: instantOf(filters.since) as string } : {}),
    ...(filters.until && instantOf(filters.until) ? { until: instantOf(filters.until) as string } : {}),
    ...(cursor ? { cursor } : {}),
  }
}
