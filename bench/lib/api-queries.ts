// The events list's filters as the console combines them (packages/console: the events page's
// form sends any of repo, event, status, since and until, 100 a page; a repository card links
// to ?repo=), each kind drawn with varying values.

export interface Values {
  /** Repositories the signed-in user sees (owner/name), busiest first. */
  repositories: string[]
  /** Event names of the fill's mix, most frequent first. */
  events: string[]
  /** The range the events were received in. */
  from: Date
  to: Date
}

export type Filter = Partial<Record<'repo' | 'event' | 'status' | 'since' | 'until', string>>

const STATUSES = ['stored', 'pending', 'delivered', 'failed'] as const
const DAY_MS = 86_400_000

/** Busy ones more often: a skew toward the front of the list, every entry possible. */
const pickSkewed = <T>(items: T[], random: () => number) => items[Math.floor(items.length * random() ** 2)]!
const pick = <T>(items: readonly T[], random: () => number) => items[Math.floor(items.length * random())]!

/** A window the console's form would be given: an hour, a day or a week, somewhere in the range. */
function window(values: Values, random: () => number): Filter {
  const length = pick([3_600_000, DAY_MS, 7 * DAY_MS], random)
  const span = values.to.getTime() - values.from.getTime() - length
  const since = new Date(values.from.getTime() + Math.floor(random() * span))
  return { since: since.toISOString(), until: new Date(since.getTime() + length).toISOString() }
}

/** Each kind of query and how to draw one. */
export const QUERY_KINDS: Record<string, (values: Values, random: () => number) => Filter> = {
  'no filter': () => ({}),
  repository: (v, r) => ({ repo: pickSkewed(v.repositories, r) }),
  event: (v, r) => ({ event: pick(v.events, r) }),
  status: (_v, r) => ({ status: pick(STATUSES, r) }),
  'status failed': () => ({ status: 'failed' }),
  'status pending': () => ({ status: 'pending' }),
  'time range': (v, r) => window(v, r),
  'since only': (v, r) => ({ since: window(v, r).since! }),
  'repository + event': (v, r) => ({ repo: pickSkewed(v.repositories, r), event: pick(v.events, r) }),
  'repository + status': (v, r) => ({ repo: pickSkewed(v.repositories, r), status: pick(STATUSES, r) }),
  'repository + time range': (v, r) => ({ repo: pickSkewed(v.repositories, r), ...window(v, r) }),
  'event + status': (v, r) => ({ event: pick(v.events, r), status: pick(STATUSES, r) }),
  'event + time range': (v, r) => ({ event: pick(v.events, r), ...window(v, r) }),
  'status + time range': (v, r) => ({ status: pick(STATUSES, r), ...window(v, r) }),
  'repository + event + status': (v, r) => ({ repo: pickSkewed(v.repositories, r), event: pick(v.events, r), status: pick(STATUSES, r) }),
  'all five': (v, r) => ({ repo: pickSkewed(v.repositories, r), event: pick(v.events, r), status: pick(STATUSES, r), ...window(v, r) }),
}
