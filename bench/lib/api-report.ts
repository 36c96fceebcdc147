import { cpus } from 'node:os'
import type { FanOut } from './api-stream.ts'
import { type Measured, summary, type Timings } from './api-measure.ts'

export interface ApiMeta {
  started: Date
  loadAtStart: string
  loadAtEnd: string
  postgres: string
  database: { events: string; size: string; partitioned: boolean; from: string; to: string }
  visibleRepositories: number
  repositories: number
  samples: number
  chains: number
  depth: number
  code: string
}

const LIST_MS = 50
const DETAIL_MS = 20
const STREAM_ADDED_MS = 100

const ms = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(1))
const mark = (ok: boolean) => (ok ? '✓' : '✗')

function row(label: string, timings: Timings, target: number): string {
  const s = summary(timings)
  const ok = s.n > 0 && s.p99 < target && timings.errors.length === 0
  return `| ${label} | ${s.n} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${timings.errors.length} | < ${target} ms | ${s.n === 0 ? '– (no page)' : mark(ok)} |`
}

/** The events API benchmark's Markdown: the target table first, then how it was measured. */
export function apiReport(measured: Measured, stream: { baseline: FanOut; loaded: FanOut } | undefined, meta: ApiMeta): string {
  const lines = [
    `# Events API benchmark, ${meta.started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Postgres ${meta.postgres}. Load average ${meta.loadAtStart} at the start, ${meta.loadAtEnd} at the end (on a shared machine compare against the targets with care). Code: ${meta.code}.`,
    '',
    `Database: ${meta.database.events} events (${meta.database.from} to ${meta.database.to}) over ${meta.repositories} repositories, ${meta.database.size} on disk, webhook_events ${meta.database.partitioned ? 'partitioned by day' : 'not partitioned'} (filled by bench/fill-events.ts). One gateway process (production entry point) against it; the benchmark user signed in through the GitHub simulator and administers ${meta.visibleRepositories} of the repositories (what the console shows them). Requests one at a time, timed from sending to the last byte of the body; 100 events a page, as the console asks.`,
    '',
    `Each kind of query: ${meta.samples} first pages with freshly drawn values (repositories skewed toward the busy ones, event names of the mix, the four statuses, windows of an hour, a day or a week somewhere in the 90 days), then ${meta.chains} chains followed through nextCursor ${meta.depth} pages deep ("deep": pages 2 to ${meta.depth}).`,
    '',
    '## Targets',
    '',
    '| query | n | p50 ms | p99 ms | max ms | errors | target p99 | met |',
    '|---|---:|---:|---:|---:|---:|---|:---:|',
  ]
  for (const [i, first] of measured.first.entries()) {
    lines.push(row(`${first.kind}, first page`, first, LIST_MS))
    lines.push(row(`${first.kind}, deep pages`, measured.deep[i]!, LIST_MS))
  }
  lines.push(row('event detail (GET /api/events/{deliveryId})', measured.detail, DETAIL_MS))
  if (stream) {
    const added = stream.loaded.p99 - stream.baseline.p99
    const complete = stream.loaded.deliveries === stream.loaded.expected && stream.baseline.deliveries === stream.baseline.expected
    lines.push(`| live stream: ${stream.loaded.subscribers} subscribers, p99 added to 1 subscriber's | ${stream.loaded.deliveries} | ${ms(stream.loaded.p50)} | ${ms(stream.loaded.p99)} (+${ms(added)}) | ${ms(stream.loaded.max)} | ${stream.loaded.expected - stream.loaded.deliveries} lost | < ${STREAM_ADDED_MS} ms added | ${mark(complete && added < STREAM_ADDED_MS)} |`)
    lines.push(
      '',
      `Stream: published to the activity stream as the worker does when it stored an event (each message carries the moment it was published), forwarded by the gateway to every open GET /api/events/stream of the user; the subscribers run in a process of their own and take the delay from that moment to the message's arrival. 1 subscriber: p50 ${ms(stream.baseline.p50)} ms, p99 ${ms(stream.baseline.p99)} ms over ${stream.baseline.deliveries} messages; ${stream.loaded.subscribers} subscribers (${stream.loaded.connected} connected, ${stream.loaded.failed} refused or failed): p50 ${ms(stream.loaded.p50)} ms, p99 ${ms(stream.loaded.p99)} ms, max ${ms(stream.loaded.max)} ms over ${stream.loaded.deliveries} of ${stream.loaded.expected} deliveries. The messages are published as soon as the last stream is connected; from one second after the first message on (the connections' own work behind the gateway), p99 is ${ms(stream.loaded.p99AfterFirstSecond)} ms with ${stream.loaded.subscribers}, ${ms(stream.baseline.p99AfterFirstSecond)} ms with 1. The target is judged on all of them.`,
    )
  }
  const failures = [...measured.first, ...measured.deep, measured.detail].flatMap((t) => t.errors.slice(0, 3))
  const slowest = [...measured.first, ...measured.deep].sort((a, b) => b.slowest.ms - a.slowest.ms).slice(0, 5)
  lines.push('', '## Slowest requests', '', ...slowest.map((t) => `- ${ms(t.slowest.ms)} ms: \`${decodeURIComponent(t.slowest.path)}\``))
  if (failures.length) lines.push('', '## Errors (first of each kind)', '', ...failures.map((line) => `- ${line}`))
  return `${lines.join('\n')}\n`
}
