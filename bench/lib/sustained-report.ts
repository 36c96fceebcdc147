import { cpus } from 'node:os'
import { trend, verdict, type Watched } from './sustained-verdict.ts'

/** One interval of a sustained run. */
export interface Sample {
  /** Seconds since sending began, at the end of the interval. */
  seconds: number
  acceptedPerSecond: number
  /** Deliveries answered otherwise than 2xx in the interval. */
  refused: number
  storedPerSecond: number
  callbacksPerSecond: number
  /** 202 → callback of the callbacks that arrived in the interval, ms. */
  p50: number
  p99: number
  inboxDepth: number
  inboxAgeSeconds: number
  postgresMsPerEvent: number
  /** Resident memory by process, bytes. */
  rss: Record<string, number>
}

export interface SustainedMeta {
  started: Date
  loadAtStart: string
  loadAtEnd: string
  postgres: string
  redis: string
  mix: string
  rate: number
  ingests: number
  durationSeconds: number
  sampleSeconds: number
  postgresSource: string
  accepted: number
  refused: Record<string, number>
  /** Rows in webhook_events at the end (the run's own database). */
  stored: number
  arrivedTwice: number
  lateP99: number
  drainedMs: number | undefined
  drainWindowMs: number
  runSeconds: number
  code: string
}

const fixed = (value: number | undefined, digits = 0) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits))
const mb = (bytes: number) => String(Math.round(bytes / 1024 / 1024))
const count = (n: number) => n.toLocaleString('en-US')
const check = (ok: boolean, text: string) => `- ${ok ? '✓' : '✗'} ${text}`

/** The sustained benchmark's Markdown: one row per sample, and the verdict on growth. */
export function sustainedReport(samples: Sample[], meta: SustainedMeta): string {
  const names = Object.keys(samples[0]?.rss ?? {})
  const watched: Watched[] = [
    ...names.map((name) => ({ name: `RSS ${name}`, values: samples.map((sample) => (sample.rss[name] ?? 0) / 1024 / 1024), ratio: 1.2, floor: 20, unit: 'MB' })),
    { name: 'inbox oldest age', values: samples.map((sample) => sample.inboxAgeSeconds), ratio: 1.5, floor: 1, unit: 's' },
    { name: 'Postgres time per event', values: samples.map((sample) => sample.postgresMsPerEvent), ratio: 1.25, floor: 0.05, unit: 'ms' },
    { name: '202 → callback p99', values: samples.map((sample) => sample.p99), ratio: 1.5, floor: 25, unit: 'ms' },
  ]
  const trends = watched.map(trend)
  const third = Math.max(1, Math.floor(samples.length / 3))
  const lastStored = samples.slice(-third).reduce((sum, sample) => sum + sample.storedPerSecond, 0) / Math.min(third, samples.length)
  const refused = Object.entries(meta.refused).map(([answer, n]) => `${count(n)}×${answer}`).join(', ') || 'none'
  const lines = [
    `# Sustained benchmark, ${meta.started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Postgres ${meta.postgres}, Redis ${meta.redis}, both local. Load average ${meta.loadAtStart} at the start, ${meta.loadAtEnd} at the end (the machine is shared). The whole run took ${Math.round(meta.runSeconds)} s. Code: ${meta.code}.`,
    '',
    `${count(meta.rate)} deliveries/s offered open-loop for ${fixed(meta.durationSeconds / 60, 1)} min into ${meta.ingests} ingest process${meta.ingests > 1 ? 'es' : ''} (defaults), the worker (defaults) storing them and calling back the platform receiver. Deliveries: ${meta.mix} A sample every ${fixed(meta.sampleSeconds)} s: resident memory of each process (/proc/<pid>/statm; Redis: used_memory_rss), the inbox stream's depth and the age of its oldest entry (what no worker has stored yet), events stored per second (rows added to webhook_events), Postgres time per event stored (${meta.postgresSource}), and the 202 → callback p50 / p99 of the callbacks that arrived in the interval.`,
    '',
    '## Samples',
    '',
    `| min | 202/s | refused | stored/s | callbacks/s | 202 → callback p50 / p99 ms | inbox depth | inbox oldest s | Postgres ms/event | ${names.map((name) => `RSS ${name} MB`).join(' | ')} |`,
    `|---:|---:|---:|---:|---:|---:|---:|---:|---:|${names.map(() => '---:|').join('')}`,
    ...samples.map(
      (sample) =>
        `| ${fixed(sample.seconds / 60, 1)} | ${fixed(sample.acceptedPerSecond)} | ${count(sample.refused)} | ${fixed(sample.storedPerSecond)} | ${fixed(sample.callbacksPerSecond)} | ${fixed(sample.p50)} / ${fixed(sample.p99)} | ${count(sample.inboxDepth)} | ${fixed(sample.inboxAgeSeconds, 1)} | ${fixed(sample.postgresMsPerEvent, 3)} | ${names.map((name) => mb(sample.rss[name] ?? 0)).join(' | ')} |`,
    ),
    '',
    '## First third against last third',
    '',
    `Means over the first and the last ${third} sample${third > 1 ? 's' : ''}${samples.length < 6 ? ' (a short run: too few samples to say much)' : ''}; a figure grew when the last third's mean is over the first's by the ratio and the floor given.`,
    '',
    '| figure | first third | last third | grew |',
    '|---|---:|---:|---|',
    ...trends.map((each, i) => `| ${each.name} | ${fixed(each.first, each.unit === 'ms' && each.first < 10 ? 3 : 1)} ${each.unit} | ${fixed(each.last, each.unit === 'ms' && each.last < 10 ? 3 : 1)} ${each.unit} | ${each.grew ? `**yes** (over ${watched[i]!.ratio}× and +${watched[i]!.floor} ${each.unit})` : 'no'} |`),
    '',
    `**Verdict: ${verdict(trends)}.**`,
    '',
    '## Totals',
    '',
    check(Object.keys(meta.refused).length === 0, `every delivery answered 202: ${count(meta.accepted)} accepted, refused: ${refused}`),
    check(meta.drainedMs !== undefined && meta.stored >= meta.accepted, `every 202 stored: ${count(meta.stored)} events in Postgres for ${count(meta.accepted)} accepted, ${meta.drainedMs === undefined ? `the inbox not empty ${Math.round(meta.drainWindowMs / 1000)} s after sending stopped` : `the inbox empty ${fixed(meta.drainedMs / 1000, 1)} s after sending stopped`}`),
    check(lastStored >= meta.rate * 0.95, `kept up: ${fixed(lastStored)} events stored/s over the last third for ${count(meta.rate)}/s offered`),
    check(meta.arrivedTwice === 0, `no callback arrived twice: ${count(meta.arrivedTwice)}`),
    `- sender late against its schedule: p99 ${fixed(meta.lateP99)} ms`,
    '',
  ]
  return `${lines.join('\n')}\n`
}
