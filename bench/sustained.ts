// npm run bench:sustained [-- --duration 30m --rate 500 --sample 30s --ingests 1 --drain 120
//                            --seed 1 --log-level warn]
//
// The whole pipeline at a steady rate for a long time (default 30 minutes at 500/s; --duration
// takes s, m or h, e.g. 90s for a smoke run): real signed deliveries open-loop into the ingest(s),
// the worker storing them and calling back the platform receiver, as bench:e2e runs them. Every
// --sample it records one row: each process's RSS (ingest, worker, Redis), the inbox's depth and
// the age of its oldest entry, events stored per second, Postgres time per event stored
// (pg_stat_statements when the server loads it, else the Postgres processes' CPU from /proc),
// and the 202 → callback p50 / p99 of the callbacks that arrived in that interval. The verdict
// compares the last third of the samples with the first: "no growth", or what grew.
// Prints a Markdown report and writes bench/results/sustained-<date-time>.md.
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { inboxBacklog } from '../packages/queue/src/index.ts'
import type { Arrival } from './lib/arrivals.ts'
import { codeVersion, loadAverage, resultFile, startPipeline } from './lib/e2e-pipeline.ts'
import { percentile } from './lib/percentiles.ts'
import { startPostgresTime } from './lib/postgres-time.ts'
import { usage } from './lib/processes.ts'
import { answerName, type SentDelivery } from './lib/sender-spec.ts'
import { startStreamingSender } from './lib/streaming-sender.ts'
import { type Sample, sustainedReport } from './lib/sustained-report.ts'
import { Teardowns } from './lib/teardowns.ts'

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '30m' },
    rate: { type: 'string', default: '500' },
    sample: { type: 'string', default: '30s' },
    ingests: { type: 'string', default: '1' },
    drain: { type: 'string', default: '120' },
    seed: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'warn' },
  },
})

/** "30m", "90s", "1h", "45" (seconds) in ms. */
function duration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim())
  if (!match) throw new Error(`not a duration: ${text} (e.g. 90s, 30m, 1h)`)
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 's' | 'm' | 'h']
}
const DURATION_MS = duration(args.duration)
const SAMPLE_MS = duration(args.sample)
const RATE = Number(args.rate)
const INGESTS = Number(args.ingests)
// A delivery's callbacks come within seconds unless the pipeline fell far behind: what the
// bookkeeping keeps to match them is bounded by this age.
const KEEP_MS = 10 * 60_000
const log = (line: string) => process.stderr.write(`bench:sustained: ${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const started = new Date()
const loadAtStart = loadAverage()
const teardowns = new Teardowns()
teardowns.runOnSignals(log)
try {
  const { stack, redis, db, collector, start, phaseEnv, versions, describeMix } = await startPipeline(teardowns, { logLevel: args['log-level'], seed: Number(args.seed), drainMs: Number(args.drain) * 1000, log })
  const ingests = []
  for (let i = 0; i < INGESTS; i++) ingests.push(await start('services/ingest/src/main.ts', stack.env))
  const worker = await start('services/worker/src/main.ts', stack.env)
  const processes: Record<string, number> = { ...Object.fromEntries(ingests.map((ingest, i) => [INGESTS > 1 ? `ingest ${i + 1}` : 'ingest', ingest.pid])), worker: worker.pid }
  const postgres = await startPostgresTime(db, phaseEnv.database)
  teardowns.teardown(() => postgres.stop())

  // The 2xx-answered deliveries, by GUID (answered at), until their callbacks can no longer come.
  const answered = new Map<string, number>()
  // Callbacks seen (first arrival, by callback id), and arrivals whose delivery's answer the sender has not reported yet.
  const seen = new Map<string, number>()
  let waiting: Arrival[] = []
  const totals = { accepted: 0, refused: {} as Record<string, number>, arrivedTwice: 0 }
  let interval = { latencies: [] as number[], accepted: 0, refused: 0, callbacks: 0 }

  const onAnswer = ([deliveryId, , status, , answeredAt, retryAfter]: SentDelivery) => {
    if (status >= 200 && status < 300) {
      answered.set(deliveryId, answeredAt)
      totals.accepted++
      interval.accepted++
    } else {
      const answer = answerName(status, retryAfter)
      totals.refused[answer] = (totals.refused[answer] ?? 0) + 1
      interval.refused++
    }
  }
  const matchArrivals = () => {
    collector.take()
    waiting.push(...collector.arrivals.splice(0).filter((arrival) => !arrival.passThrough && arrival.ok))
    const now = Date.now()
    waiting = waiting.filter((arrival) => {
      if (seen.has(arrival.callbackId)) {
        totals.arrivedTwice++
        return false
      }
      const answeredAt = answered.get(arrival.deliveryId)
      if (answeredAt === undefined) return now - arrival.at < 10_000
      seen.set(arrival.callbackId, arrival.at)
      interval.latencies.push(arrival.at - answeredAt)
      interval.callbacks++
      return false
    })
  }
  const forgetOld = () => {
    const before = Date.now() - KEEP_MS
    for (const [id, at] of answered) if (at < before) answered.delete(id)
    for (const [id, at] of seen) if (at < before) seen.delete(id)
  }
  const storedSoFar = async () => (await db.query<{ n: number }>('select count(*)::int as n from webhook_events')).rows[0]!.n
  const redisRss = async () => Number(/used_memory_rss:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0)

  const samples: Sample[] = []
  let last = { at: Date.now(), stored: await storedSoFar(), postgresMs: await postgres.sofar() }
  const takeSample = async () => {
    matchArrivals()
    const at = Date.now()
    const stored = await storedSoFar()
    const postgresMs = await postgres.sofar()
    const backlog = await inboxBacklog(redis, stack.prefix)
    const seconds = (at - last.at) / 1000
    const sorted = interval.latencies.sort((a, b) => a - b)
    const rss: Record<string, number> = {}
    for (const [name, pid] of Object.entries(processes)) rss[name] = usage(pid).rssBytes
    rss.Redis = await redisRss()
    samples.push({
      seconds: (at - sendingFrom) / 1000,
      acceptedPerSecond: interval.accepted / seconds,
      refused: interval.refused,
      storedPerSecond: (stored - last.stored) / seconds,
      callbacksPerSecond: interval.callbacks / seconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      inboxDepth: backlog.depth,
      inboxAgeSeconds: backlog.oldestAgeSeconds,
      postgresMsPerEvent: stored > last.stored ? (postgresMs - last.postgresMs) / (stored - last.stored) : Number.NaN,
      rss,
    })
    const row = samples.at(-1)!
    log(`${Math.round(row.seconds)} s: ${row.storedPerSecond.toFixed(0)} stored/s, p99 ${Math.round(row.p99)} ms, inbox ${row.inboxDepth} (oldest ${row.inboxAgeSeconds.toFixed(1)} s), ${Object.entries(rss).map(([name, bytes]) => `${name} ${Math.round(bytes / 1024 / 1024)} MB`).join(', ')}`)
    last = { at, stored, postgresMs }
    interval = { latencies: [], accepted: 0, refused: 0, callbacks: 0 }
    forgetOld()
  }

  log(`${RATE}/s for ${Math.round(DURATION_MS / 1000)} s into ${INGESTS} ingest(s), a sample every ${Math.round(SAMPLE_MS / 1000)} s`)
  const sendingFrom = Date.now()
  const sender = startStreamingSender(phaseEnv.root, { ...phaseEnv.sender, targets: ingests.map((ingest) => ingest.url), rate: RATE, count: Math.round((RATE * DURATION_MS) / 1000) }, onAnswer)
  teardowns.teardown(sender.stop)
  const matcher = setInterval(matchArrivals, 250)
  const sampler = setInterval(() => void takeSample().catch((error) => log(`sample failed: ${error}`)), SAMPLE_MS)
  const timing = await sender.result
  clearInterval(sampler)
  const sentUntil = Date.now()
  log('sending done; draining')
  let drainedMs: number | undefined
  for (const deadline = Date.now() + phaseEnv.drainMs; Date.now() < deadline; await sleep(500)) {
    const backlog = await inboxBacklog(redis, stack.prefix)
    if (backlog.depth === 0 && (await storedSoFar()) >= totals.accepted) {
      drainedMs = Date.now() - sentUntil
      break
    }
  }
  clearInterval(matcher)
  matchArrivals()

  const report = sustainedReport(samples, {
    started,
    loadAtStart,
    loadAtEnd: loadAverage(),
    ...(await versions()),
    mix: await describeMix(),
    rate: RATE,
    ingests: INGESTS,
    durationSeconds: DURATION_MS / 1000,
    sampleSeconds: SAMPLE_MS / 1000,
    postgresSource: postgres.source,
    accepted: totals.accepted,
    refused: totals.refused,
    stored: await storedSoFar(),
    arrivedTwice: totals.arrivedTwice,
    lateP99: timing.lateP99,
    drainedMs,
    drainWindowMs: phaseEnv.drainMs,
    runSeconds: (Date.now() - started.getTime()) / 1000,
    code: codeVersion(),
  })
  process.stdout.write(report)
  const file = resultFile('sustained', started)
  writeFileSync(file, report)
  log(`written to ${file}`)
} finally {
  await teardowns.run()
}
