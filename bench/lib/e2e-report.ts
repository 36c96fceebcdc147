import { cpus } from 'node:os'
import type { PhaseResult } from './e2e-phase.ts'
import type { Lost } from './e2e-lost.ts'
import { percentile } from './percentiles.ts'

export interface ReportMeta {
  started: Date
  loadAtStart: string
  loadAtEnd: string
  postgres: string
  redis: string
  seconds: number
  warmupSeconds: number
  logLevel: string
  /** What the deliveries are, in words. */
  mix: string
  drainMs: number
  runSeconds: number
  /** Which code ran: the commit, and whether the services had uncommitted changes. */
  code: string
}

// The rates whose p99 is held to the target: the first always, the others when run.
const TARGET_RATES = [1000, 1500]
const TARGET_STORED_PER_S = 8000
const TARGET_P99_MS = 100

const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '–' : String(Math.round(value)))
const fixed = (value: number | undefined, digits = 2) => (value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits))
const mb = (bytes: number | undefined) => (bytes ? `${Math.round(bytes / 1024 / 1024)} MB` : '–')
const count = (n: number) => n.toLocaleString('en-US')
const ratio = (ours: number, base: number) => (base > 0 && !Number.isNaN(ours) ? `${(ours / base).toFixed(ours / base >= 10 ? 0 : 2)}×` : '–')
// The receiver stamps arrivals in whole milliseconds: a baseline under 1 ms counts as 1 ms.
const latencyRatio = (ours: number, base: number) => ratio(ours, Math.max(1, base))
const check = (ok: boolean, text: string) => `- ${ok ? '✓' : '✗'} ${text}`
const label = (run: PhaseResult) => (run.pipeline === 'pass-through' ? 'pass-through' : run.ingests > 1 ? `ours, ${run.ingests} ingests` : 'ours')
const notSentText = (run: PhaseResult) => (run.superseded === undefined ? '–' : `${count(run.superseded)} / ${count(run.cancelled ?? 0)}`)
const refusedText = (run: PhaseResult) => Object.entries(run.refused).map(([answer, n]) => `${n}×${answer}`).join(', ') || '0'
const frontNames = (run: PhaseResult) => (run.pipeline === 'pass-through' ? ['pass-through'] : run.ingests > 1 ? ['ingest 1', 'ingest 2'] : ['ingest 1'])
const front = (run: PhaseResult) => frontNames(run).map((name) => mb(run.peakRss[name])).join(' + ')
const perEvent = (run: PhaseResult, seconds: number) => (seconds * 1000) / run.accepted.size
/** CPU ms per accepted delivery of the named processes together; undefined if none was watched. */
const cpuMs = (run: PhaseResult, ...names: string[]) => {
  const seconds = names.map((name) => run.cpuSeconds[name]).filter((each) => each !== undefined)
  return seconds.length ? perEvent(run, seconds.reduce((sum, each) => sum + each, 0)) : undefined
}
const totalCpuMs = (run: PhaseResult) => (cpuMs(run, ...Object.keys(run.cpuSeconds)) ?? 0) + (run.redisMsPerEvent ?? 0) + (run.postgresMsPerEvent ?? 0)
const CPU_HEADERS = 'CPU ms/event | worker CPU ms/event | sender CPU ms/event | benchmark + receiver CPU ms/event | total CPU ms/event'
const cpuCells = (run: PhaseResult) =>
  [cpuMs(run, ...frontNames(run)), cpuMs(run, 'worker'), cpuMs(run, 'sender'), cpuMs(run, 'bench'), totalCpuMs(run)].map((value) => fixed(value)).join(' | ')

/** The 202 → callback p99 second by second of sending, against the whole phase's. */
function latencyOverTime(run: PhaseResult): string {
  const seconds = run.p99PerSecond.map((p99, second) => ({ p99, second })).filter((each) => !Number.isNaN(each.p99))
  seconds.sort((a, b) => a.p99 - b.p99)
  const median = percentile(seconds.map((each) => each.p99), 50)
  const worst = seconds.at(-1)
  return `- ${count(run.rate)}/s (${label(run)}): p99 per second of sending: median ${ms(median)} ms, worst ${ms(worst?.p99)} ms (second ${worst?.second ?? '–'}); p99 over the whole phase ${ms(run.e2e.p99)} ms`
}

/** Whether our pipeline kept pace with what was offered, in a sentence with the evidence. */
function keepingUp(run: PhaseResult): string {
  // More than a second's worth of deliveries still waiting, or persisting clearly slower than offered.
  const behind = (run.backlog ?? 0) > run.rate || run.eventsPerSecond < run.rate * 0.9 || run.drainedMs === undefined
  const growth = `median 202 → callback ${ms(run.p50Early)} ms for the first fifth of the deliveries and ${ms(run.p50Late)} ms for the last fifth`
  if (!behind) return `- ${count(run.rate)}/s (${label(run)}): kept up — ${fixed(run.eventsPerSecond, 0)} events/s persisted, ${count(run.backlog ?? 0)} deliveries waiting when sending stopped, ${growth}.`
  const drained = run.drainedMs === undefined ? `${count(run.missing)} callbacks had still not arrived when the drain window closed` : `the last callback arrived ${fixed(run.drainedMs / 1000, 1)} s after the last 202`
  return `- ${count(run.rate)}/s (${label(run)}): **did not keep up** — the worker persisted ${fixed(run.eventsPerSecond, 0)} events/s, ${count(run.backlog ?? 0)} of ${count(run.accepted.size)} accepted deliveries were still waiting when sending stopped, ${growth}; ${drained}.`
}

/** A baseline that fell behind makes the ratios at its rate flattering for ours: say so. */
function baselineBehind(run: PhaseResult): string[] {
  const refused = Object.values(run.refused).reduce((sum, n) => sum + n, 0)
  if (refused === 0 && run.missing === 0 && run.eventsPerSecond >= run.rate * 0.9) return []
  return [
    `- ${count(run.rate)}/s (pass-through baseline): **did not keep up either** — ${refusedText(run)} refused, ${count(run.missing)} forwards never arrived, ${fixed(run.eventsPerSecond, 0)} forwards/s, 202 p99 ${ms(run.ack.p99)} ms: the ratios at this rate compare against an overloaded baseline.`,
  ]
}

/** The benchmark's Markdown. */
export function e2eReport(throughput: PhaseResult | undefined, runs: PhaseResult[], lost: Lost, meta: ReportMeta): string {
  const ours = runs.filter((run) => run.pipeline === 'ours')
  const baseline = (run: PhaseResult) => runs.find((each) => each.pipeline === 'pass-through' && each.rate === run.rate)
  const lines = [
    `# End-to-end benchmark, ${meta.started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, Postgres ${meta.postgres}, Redis ${meta.redis}, both local. Load average ${meta.loadAtStart} at the start, ${meta.loadAtEnd} at the end (the machine is shared: other work runs beside the benchmark, so compare the ratios to the baseline measured in the same run, not the absolute figures). The whole run took ${Math.round(meta.runSeconds)} s. Code: ${meta.code}.`,
    '',
    `Every process is real and separate: the ingest (production entry point), the worker (defaults: EVENTS_CONCURRENCY=16, CALLBACKS_CONCURRENCY=32, one process), the sender, and the benchmark process holding the platform receiver (it verifies every Standard Webhooks signature and answers 200). LOG_LEVEL=${meta.logLevel}. Deliveries: ${meta.mix} The sender is open-loop: delivery i leaves at start + i/rate whatever happened to the earlier ones ("sender late" says how well it kept to that). Each rate runs ${meta.warmupSeconds} s of warm-up and then ${meta.seconds} s measured, without a pause between them: the warm-up's deliveries count for loss, duplicates and CPU, not for the latency figures (the processes have been idle through the other pipeline's phase, and start cold: code compiled again, heaps grown back; the warm-up's own p99 is in the latency table); then the run waits until every expected callback arrived and every accepted delivery is in Postgres, at most ${Math.round(meta.drainMs / 1000)} s (the drain window). The worker coalesces deployment requests: at most one callback in flight per repository and environment, a newer request supersedes the older ones not yet sent, and a second teardown of an environment is cancelled; neither is ever sent. The payload pool has a few repositories and the same environments again and again, so at these rates many requests are superseded. The expected callbacks therefore come from Postgres, read about once a second while waiting: each delivery's deployment requests less those that ended superseded or cancelled (until a delivery is stored, what the rules derive from it).`,
    '',
    'Measured: latency from each 202 to the arrival of the callback(s) derived from that delivery at the receiver (wall clock, the same machine), over the callbacks that arrived: the requests that were sent; Redis CPU from INFO cpu (used_cpu_user + used_cpu_sys, the whole server, so other clients count too) over the phase, per accepted delivery; Postgres CPU as utime + stime from /proc/<pid>/stat, sampled every second, of the backends connected to the benchmark\'s own database plus the server\'s background processes (datname null in pg_stat_activity) and the postmaster, per accepted delivery (backends of other databases are left out; the shared background processes make it an upper bound); each process\'s CPU as utime + stime from /proc/<pid>/stat and its peak RSS from /proc/<pid>/statm, sampled every 250 ms (a process that exits during the phase, the sender, counts up to its last sample). Duplicate rows: webhook_events grouped by hook_id, delivery_id having count > 1.',
    '',
    ...(throughput ? throughputSection(throughput) : []),
    ...(runs.length ? steadySections(runs, ours, baseline, meta) : []),
    '## Targets',
    '',
    ...targets(throughput, ours, lost),
    '',
  ]
  return `${lines.join('\n')}\n`
}

/** The filled inbox: deliveries accepted while no worker runs, then how fast the worker empties it. */
function throughputSection(throughput: PhaseResult): string[] {
  return [
    '## Throughput (deliveries accepted while no worker runs, then the worker starts)',
    '',
    `| deliveries accepted | events persisted/s | superseded / cancelled | callbacks | callbacks delivered/s | Redis CPU ms/event | Postgres CPU ms/event | ingest ${CPU_HEADERS} | peak RSS worker |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${count(throughput.accepted.size)} of ${count(throughput.sent)} | ${fixed(throughput.eventsPerSecond, 0)} | ${notSentText(throughput)} | ${count(throughput.arrived)} of ${count(throughput.expected)} | ${fixed(throughput.callbacksPerSecond, 0)} | ${fixed(throughput.redisMsPerEvent)} | ${fixed(throughput.postgresMsPerEvent)} | ${cpuCells(throughput)} | ${mb(throughput.peakRss.worker)} |`,
    '',
    `Events persisted/s: the deliveries accepted, over the time from the worker's start (ready) to the last one's processed_at; callbacks delivered/s: first to last arrival. Deliveries the ingest shed while filling (${count(throughput.sent - throughput.accepted.size)}) are not in the inbox and do not count.`,
    '',
  ]
}

/** The steady-rate phases, ours against the pass-through. */
function steadySections(runs: PhaseResult[], ours: PhaseResult[], baseline: (run: PhaseResult) => PhaseResult | undefined, meta: ReportMeta): string[] {
  return [
    `## Steady rates, ${meta.seconds} s each after ${meta.warmupSeconds} s of warm-up`,
    '',
    'At each rate the pass-through runs first, then ours; the runs with two ingests come last. Refused: "no answer" is no response within 10 s (GitHub\'s own timeout: GitHub would record a failed delivery), "connection failed" a connection refused or reset, 503 the ingest shedding load. Superseded / cancelled: the deployment requests of the phase that ended so in Postgres (never sent, not expected); callbacks expected: the others. Missing at window close: expected callbacks of 2xx-answered deliveries not arrived when the drain window closed (for the pass-through, forwards it dropped: it never retries); whether any were lost for good is under Targets.',
    '',
    '### Delivery',
    '',
    '| pipeline | offered | sent | 202 | refused | superseded / cancelled | callbacks expected | arrived | missing at window close | arrived twice | duplicate rows | not in Postgres when sending stopped | drained after last 202 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (run) =>
        `| ${label(run)} | ${count(run.rate)}/s | ${count(run.sent)} | ${count(run.accepted.size)} | ${refusedText(run)} | ${notSentText(run)} | ${count(run.expected)} | ${count(run.arrived)} | ${count(run.missing)} | ${count(run.arrivedTwice)} | ${run.duplicateRows ?? '–'} | ${run.backlog === undefined ? '–' : count(run.backlog)} | ${run.drainedMs === undefined ? 'window closed' : `${fixed(run.drainedMs / 1000, 1)} s`} |`,
    ),
    '',
    '### Latency (ms)',
    '',
    '| pipeline | offered | send rate kept | sender late p99 / max | 202 p50 / p99 | 202 → callback p50 | p95 | p99 | max | p50 first fifth → last fifth | warm-up p99 / max |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (run) =>
        `| ${label(run)} | ${count(run.rate)}/s | ${fixed(run.sendRate, 0)}/s | ${ms(run.lateP99)} / ${ms(run.lateMax)} | ${ms(run.ack.p50)} / ${ms(run.ack.p99)} | ${ms(run.e2e.p50)} | ${ms(run.e2e.p95)} | ${ms(run.e2e.p99)} | ${ms(run.e2e.max)} | ${ms(run.p50Early)} → ${ms(run.p50Late)} | ${ms(run.warmupE2e?.p99)} / ${ms(run.warmupE2e?.max)} |`,
    ),
    '',
    '### Cost',
    '',
    `| pipeline | offered | events/s achieved | callbacks/s | Redis CPU ms/event | Postgres CPU ms/event | ingest (pass-through) ${CPU_HEADERS} | peak RSS ingest (pass-through) | worker | sender | benchmark + receiver |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (run) =>
        `| ${label(run)} | ${count(run.rate)}/s | ${fixed(run.eventsPerSecond, 0)} | ${fixed(run.callbacksPerSecond, 0)} | ${fixed(run.redisMsPerEvent)} | ${fixed(run.postgresMsPerEvent)} | ${cpuCells(run)} | ${front(run)} | ${mb(run.peakRss.worker)} | ${mb(run.peakRss.sender)} | ${mb(run.peakRss.bench)} |`,
    ),
    '',
    'Events/s achieved: ours, events persisted per second from the first to the last processed_at of the phase\'s deliveries; the pass-through, forwards arriving per second. Callbacks are derived by about half the deliveries and coalescing sends only the newest request of an environment that is waiting, so callbacks/s is lower than events/s by design.',
    '',
    `CPU ms/event: the CPU seconds (user + system) a process used during the phase divided by the deliveries accepted in it (the ingest column sums both ingests where there are two; the sender's includes its start-up, loading and signing the payload pool); the machine's ${cpus().length} cores are shared by all of them and by Redis and Postgres. Total CPU ms/event adds every process's, Redis's and Postgres's where measured.`,
    '',
    '## Against the pass-through baseline (same rates, same deliveries, same run)',
    '',
    'The pass-through starts forwarding before it answers, so its 202 → arrival is about 0 ms and a ratio on it says nothing; the latency ratios use the time from sending a delivery to its callback\'s arrival (202 latency included), for both, and take a baseline under 1 ms as 1 ms (the receiver stamps arrivals in whole milliseconds).',
    '',
    '| pipeline | offered | sent → callback p50 ours / baseline (ms) | ratio | p99 ours / baseline (ms) | ratio | events/s ours / baseline | ratio |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...ours.flatMap((run) => {
      const base = baseline(run)
      if (!base) return []
      return [
        `| ${label(run)} | ${count(run.rate)}/s | ${ms(run.fromSend.p50)} / ${ms(base.fromSend.p50)} | ${latencyRatio(run.fromSend.p50, base.fromSend.p50)} | ${ms(run.fromSend.p99)} / ${ms(base.fromSend.p99)} | ${latencyRatio(run.fromSend.p99, base.fromSend.p99)} | ${fixed(run.eventsPerSecond, 0)} / ${fixed(base.eventsPerSecond, 0)} | ${ratio(run.eventsPerSecond, base.eventsPerSecond)} |`,
      ]
    }),
    '',
    '## Keeping up',
    '',
    ...ours.map(keepingUp),
    ...runs.filter((run) => run.pipeline === 'pass-through').flatMap(baselineBehind),
    '',
    '## Latency over time',
    '',
    'The 202 → callback p99 of the deliveries answered in each whole second of sending (second 0 begins at the phase\'s first 202): whether a high p99 is one bad second or the whole phase.',
    '',
    ...ours.map(latencyOverTime),
    '',
  ]
}

function targets(throughput: PhaseResult | undefined, ours: PhaseResult[], lost: Lost): string[] {
  const duplicates = Math.max(0, ...ours.map((run) => run.duplicateRows ?? 0), throughput?.duplicateRows ?? 0)
  const latencyTargets = TARGET_RATES.filter((rate) => rate === TARGET_RATES[0] || ours.some((run) => run.rate === rate)).map((rate) => {
    const atTarget = ours.filter((run) => run.rate === rate)
    const p99s = atTarget.map((run) => `${label(run)}: ${ms(run.e2e.p99)} ms${run.missing ? `, ${count(run.missing)} callbacks not yet arrived when measured` : ''}`).join('; ')
    return atTarget.length
      ? check(atTarget.every((run) => run.e2e.p99 < TARGET_P99_MS && run.missing === 0), `202 → callback p99 < ${TARGET_P99_MS} ms at ${count(rate)} events/s (${p99s})`)
      : check(false, `202 → callback p99 < ${TARGET_P99_MS} ms at ${count(rate)} events/s (not run at that rate)`)
  })
  const stored = throughput
    ? [check(throughput.eventsPerSecond >= TARGET_STORED_PER_S, `≥ ${count(TARGET_STORED_PER_S)} events/s stored from a filled inbox: ${fixed(throughput.eventsPerSecond, 0)} events/s over ${count(throughput.accepted.size)} deliveries (${fixed(throughput.callbacksPerSecond, 0)} callbacks/s)`)]
    : []
  return [
    ...(ours.length ? latencyTargets : []),
    ...stored,
    check(
      lost.notStored === 0 && lost.neverArrived === 0,
      `0 lost: of ${count(lost.deliveries)} deliveries answered 2xx over all runs, ${count(lost.notStored)} never reached Postgres; of their ${count(lost.requests)} deployment requests, ${count(lost.superseded)} were superseded and ${count(lost.cancelled)} cancelled (never sent, by design), and of the ${count(lost.callbacks)} callbacks expected, ${count(lost.neverArrived)} never arrived (checked at the end of the benchmark${lost.waitedMs > 1000 ? `, after waiting ${fixed(lost.waitedMs / 1000, 0)} s more` : ''})`,
    ),
    check(duplicates === 0, `0 duplicate rows in webhook_events (hook id, delivery GUID): ${duplicates}`),
  ]
}
