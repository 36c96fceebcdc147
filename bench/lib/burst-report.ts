import { cpus } from 'node:os'
import type { Lost } from './e2e-lost.ts'
import type { PhaseResult } from './e2e-phase.ts'

export interface BurstMeta {
  started: Date
  loadAtStart: string
  loadAtEnd: string
  postgres: string
  redis: string
  mix: string
  drainMs: number
  warmup: number
  /** The ingests' MAX_REQUESTS_IN_FLIGHT, as given. */
  maxInFlight: string
  runSeconds: number
  code: string
}

const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : String(Math.round(value)))
const fixed = (value: number | undefined, digits = 2) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits))
const mb = (bytes: number | undefined) => (bytes ? `${Math.round(bytes / 1024 / 1024)} MB` : '–')
const count = (n: number) => n.toLocaleString('en-US')
const check = (ok: boolean, text: string) => `- ${ok ? '✓' : '✗'} ${text}`

/** From the last 202 until the last of the accepted events was stored and the last callback arrived. */
function drainSeconds(burst: PhaseResult): number | undefined {
  if (burst.drainedMs === undefined) return undefined
  return (Math.max(burst.lastStoredAt ?? 0, burst.lastArrivalAt) - burst.lastAcceptedAt) / 1000
}

/** The burst benchmark's Markdown. */
export function burstReport(burst: PhaseResult, lost: Lost, meta: BurstMeta): string {
  const shed = burst.refused['503'] ?? 0
  const failed = burst.sent - burst.accepted.size - shed
  const ingestNames = Object.keys(burst.cpuSeconds).filter((name) => name.startsWith('ingest'))
  const ingestCpu = ingestNames.reduce((sum, name) => sum + (burst.cpuSeconds[name] ?? 0), 0)
  const drain = drainSeconds(burst)
  const answers = [
    ['202 (stored)', burst.accepted.size],
    ['503 with Retry-After (shed)', shed],
    ...Object.entries(burst.refused).filter(([answer]) => answer !== '503'),
  ] as Array<[string, number]>
  const lines = [
    `# Burst benchmark, ${meta.started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Postgres ${meta.postgres}, Redis ${meta.redis}, both local. Load average ${meta.loadAtStart} at the start, ${meta.loadAtEnd} at the end (the machine is shared). The whole run took ${Math.round(meta.runSeconds)} s. Code: ${meta.code}.`,
    '',
    `${count(burst.sent)} deliveries offered open-loop at ${count(burst.rate)}/s into ${burst.ingests} ingest process${burst.ingests > 1 ? 'es' : ''} (round-robin; MAX_REQUESTS_IN_FLIGHT ${meta.maxInFlight}, the other limits their defaults), with the worker (defaults) running and calling back the platform receiver; after ${count(meta.warmup)} deliveries of warm-up at 500/s, not counted here. Deliveries: ${meta.mix} As GitHub does, the sender waits 10 s for each answer and never retries: a delivery without an answer by then, or whose connection failed, is a failed delivery. A 503 is not stored: GitHub records it as failed, and the worker's scheduled reconciliation (failed deliveries redelivered) or a redelivery by hand brings it back later; this run does not redeliver. The run then waits until every 202-answered delivery is in Postgres and every callback it causes (its deployment requests less those superseded or cancelled by coalescing) has arrived, at most ${Math.round(meta.drainMs / 1000)} s.`,
    '',
    '## Answers',
    '',
    '| answer | deliveries | share |',
    '|---|---:|---:|',
    ...answers.map(([answer, n]) => `| ${answer} | ${count(n)} | ${fixed((n / burst.sent) * 100, 1)} % |`),
    '',
    `Sender: ${fixed(burst.sendRate, 0)}/s kept (late against its schedule p99 ${ms(burst.lateP99)} ms, max ${ms(burst.lateMax)} ms). Time to answer (ms): 202 p50 ${ms(burst.ack.p50)}, p99 ${ms(burst.ack.p99)}, max ${ms(burst.ack.max)}; refused p50 ${ms(burst.refusedAck.p50)}, p99 ${ms(burst.refusedAck.p99)}, max ${ms(burst.refusedAck.max)}.`,
    '',
    '### Second by second of sending',
    '',
    '| second | sent | 202 | refused with a status | no answer / connection failed |',
    '|---:|---:|---:|---:|---:|',
    ...burst.perSecond.map((second, i) => `| ${i} | ${count(second.sent)} | ${count(second.accepted)} | ${count(second.refused)} | ${count(second.unanswered)} |`),
    '',
    '## Stored and called back',
    '',
    `${count(burst.accepted.size)} deliveries answered 202: ${count(burst.accepted.size - lost.notStored)} in Postgres; of their ${count(lost.requests)} deployment requests ${count(lost.superseded)} were superseded and ${count(lost.cancelled)} cancelled (never sent, by design), and of the ${count(lost.callbacks)} callbacks expected ${count(lost.callbacks - lost.neverArrived)} arrived, ${count(burst.arrivedTwice)} of them more than once. Duplicate rows in webhook_events: ${burst.duplicateRows ?? '–'}. When sending stopped ${count(burst.backlog ?? 0)} accepted deliveries were not yet in Postgres.`,
    '',
    `Drain: ${drain === undefined ? `not finished within the ${Math.round(meta.drainMs / 1000)} s window` : `${fixed(drain, 1)} s`} from the last 202 until the last accepted event was stored and its callbacks sent; the worker stored ${fixed(burst.eventsPerSecond, 0)} events/s (first to last processed_at) and ${fixed(burst.callbacksPerSecond, 0)} callbacks/s arrived.`,
    '',
    '## Cost',
    '',
    `CPU per delivery offered: the ingests ${fixed((ingestCpu * 1000) / burst.sent)} ms together, the worker ${fixed(((burst.cpuSeconds.worker ?? 0) * 1000) / burst.sent)} ms, the sender ${fixed(((burst.cpuSeconds.sender ?? 0) * 1000) / burst.sent)} ms; Redis ${fixed(((burst.redisMsPerEvent ?? 0) * burst.accepted.size) / burst.sent)} ms, Postgres ${fixed(((burst.postgresMsPerEvent ?? 0) * burst.accepted.size) / burst.sent)} ms (both over the whole phase, drain included). Peak RSS: ${ingestNames.map((name) => `${name} ${mb(burst.peakRss[name])}`).join(', ')}, worker ${mb(burst.peakRss.worker)}.`,
    '',
    '## Targets',
    '',
    check(burst.sendRate >= burst.rate * 0.95, `the sender kept the offered rate: ${fixed(burst.sendRate, 0)}/s of ${count(burst.rate)}/s (late p99 ${ms(burst.lateP99)} ms)${burst.sendRate < burst.rate * 0.95 ? ': the burst was smaller than meant, the machine too busy for it' : ''}`),
    check(failed === 0, `every delivery answered 202 or 503 with Retry-After within 10 s: ${count(failed)} not (${Object.entries(burst.refused).filter(([answer]) => answer !== '503').map(([answer, n]) => `${n}×${answer}`).join(', ') || 'none'})`),
    check(lost.notStored === 0, `every 202 stored: ${count(burst.accepted.size - lost.notStored)} of ${count(burst.accepted.size)} in Postgres`),
    check(lost.neverArrived === 0 && burst.arrivedTwice === 0 && (burst.duplicateRows ?? 0) === 0, `every callback the stored events cause delivered once: ${count(lost.neverArrived)} never arrived, ${count(burst.arrivedTwice)} arrived twice, ${burst.duplicateRows ?? '–'} duplicate rows`),
    check(drain !== undefined, `drained: ${drain === undefined ? 'not within the window' : `${fixed(drain, 1)} s after the last 202`}`),
    `- shed: ${count(shed)} deliveries answered 503 + Retry-After and not stored (${fixed((shed / burst.sent) * 100, 1)} %): what the reconciliation's redelivery of failed deliveries, or a redelivery by hand, brings back later`,
    '',
  ]
  return `${lines.join('\n')}\n`
}
