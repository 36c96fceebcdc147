import { type Filter, QUERY_KINDS, type Values } from './api-queries.ts'
import { percentile } from './percentiles.ts'

/** Latencies of one kind of request, and what went wrong. */
export interface Timings {
  kind: string
  ms: number[]
  errors: string[]
  /** The slowest request, to look at with EXPLAIN. */
  slowest: { ms: number; path: string }
}

export interface Measured {
  first: Timings[]
  deep: Timings[]
  detail: Timings
  /** Delivery ids seen in the pages, for the detail route. */
  deliveryIds: string[]
}

export const summary = (timings: Timings) => {
  const sorted = [...timings.ms].sort((a, b) => a - b)
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN }
}

const timings = (kind: string): Timings => ({ kind, ms: [], errors: [], slowest: { ms: 0, path: '' } })

/** One GET, timed from sending to the whole body read. */
async function timedGet(base: string, path: string, cookie: string, into: Timings): Promise<unknown> {
  const started = performance.now()
  const res = await fetch(`${base}${path}`, { headers: { cookie } })
  const text = await res.text()
  const ms = performance.now() - started
  if (res.status !== 200) {
    into.errors.push(`${res.status} ${path}: ${text.slice(0, 200)}`)
    return undefined
  }
  into.ms.push(ms)
  if (ms > into.slowest.ms) into.slowest = { ms, path }
  return JSON.parse(text)
}

const listPath = (filter: Filter, cursor?: string) => `/api/events?${new URLSearchParams({ ...filter, limit: '100', ...(cursor ? { cursor } : {}) } as Record<string, string>)}`

export interface MeasureOptions {
  base: string
  cookie: string
  values: Values
  random: () => number
  /** First pages per kind, each with freshly drawn values. */
  samples: number
  /** Per kind, chains of pages followed through nextCursor… */
  chains: number
  /** …this many pages deep. */
  depth: number
  details: number
  log: (line: string) => void
}

/** Every kind of list query (first pages, then deep pages through the cursor), then the detail route. */
export async function measure(options: MeasureOptions): Promise<Measured> {
  const { base, cookie, values, random } = options
  const first: Timings[] = []
  const deep: Timings[] = []
  const seen = new Set<string>()
  for (const [kind, draw] of Object.entries(QUERY_KINDS)) {
    const firstPages = timings(kind)
    const deepPages = timings(kind)
    for (let i = 0; i < options.samples; i++) {
      const body = (await timedGet(base, listPath(draw(values, random)), cookie, firstPages)) as { events: Array<{ deliveryId: string }> } | undefined
      for (const event of body?.events.slice(0, 3) ?? []) seen.add(event.deliveryId)
    }
    for (let chain = 0; chain < options.chains; chain++) {
      const filter = draw(values, random)
      let cursor = ((await timedGet(base, listPath(filter), cookie, firstPages)) as { nextCursor: string | null } | undefined)?.nextCursor
      for (let page = 2; page <= options.depth && cursor; page++) {
        cursor = ((await timedGet(base, listPath(filter, cursor), cookie, deepPages)) as { nextCursor: string | null } | undefined)?.nextCursor
      }
    }
    first.push(firstPages)
    deep.push(deepPages)
    const f = summary(firstPages)
    const d = summary(deepPages)
    options.log(`${kind}: first pages p50 ${f.p50.toFixed(1)} p99 ${f.p99.toFixed(1)} ms (${f.n}); deep pages p50 ${d.p50.toFixed(1)} p99 ${d.p99.toFixed(1)} ms (${d.n})${firstPages.errors.length + deepPages.errors.length ? `; ${firstPages.errors.length + deepPages.errors.length} errors` : ''}`)
  }
  const detail = timings('detail')
  const ids = [...seen]
  for (let i = 0; i < options.details && ids.length; i++) await timedGet(base, `/api/events/${ids[Math.floor(random() * ids.length)]}`, cookie, detail)
  return { first, deep, detail, deliveryIds: ids }
}
