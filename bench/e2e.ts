// npm run bench:e2e [-- --rate 200,500,1000 --seconds 20 --warmup 5 --two-ingests 1000
//                      --prefill 2000 --prefill-rate <the highest rate> --drain 120 --seed 1
//                      --log-level warn --tracing
//                      --only throughput,rates,two-ingests
//                      --filled-database-url postgres://…/gwm_big]
//
// The whole pipeline under steady load: real signed @octokit/webhooks-examples deliveries (the
// fault suite's mix: pushes, pull requests, releases, pings and events that derive nothing)
// POSTed on an open-loop schedule to the ingest, through Redis and the worker into Postgres,
// and out as signed callbacks to the platform receiver. The ingest(s), the worker, the sender
// and this process (receiver and bookkeeping) each run on their own.
//  1. throughput: --prefill deliveries accepted by the ingest while no worker runs, then the
//     worker starts; events persisted and callbacks delivered per second;
//  2. each --rate, first through the pass-through baseline (bench/servers/pass-through.ts:
//     forward at once, answer 202), then through ours: 202 → callback latency, loss, cost
//     (the worker coalesces: requests superseded or cancelled in Postgres are never sent, so
//     the callbacks waited for are the others, read from Postgres while draining);
//  3. ours with two ingest processes on the same Redis (the sender alternates) at --two-ingests;
//  4. with --tracing, each --rate again through ours with OpenTelemetry on (ingest and worker
//     restarted exporting to a local OTLP receiver process): CPU per event off and on, and the ratio.
// --only runs some of the phases (1: throughput, 2: rates, 3: two-ingests; default all), e.g. the
// filled inbox alone: --only throughput --prefill 50000 --drain 600 (--prefill-rate fills it more
// slowly than the highest --rate if the ingest sheds some: only what it stored counts). --rate 0
// or --two-ingests 0 skips those phases too. --filled-database-url drains the same filled inbox
// a second time, into a database filled by npm run bench:fill (its rows are kept, this run's added),
// and reports events/s stored there beside the empty database's (storing should stay flat).
// It only talks HTTP to the services and reads results from Postgres and the receiver. Its own
// database and Redis prefix are removed at the end; every process it started is stopped, also
// on failure or Ctrl-C. Prints a Markdown report and writes bench/results/e2e-<date-time>.md.
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { PASS_THROUGH_PATH } from './lib/arrivals.ts'
import { countLost } from './lib/e2e-lost.ts'
import { type PhaseResult, runPhase } from './lib/e2e-phase.ts'
import { codeVersion, loadAverage, resultFile, type Service, startPipeline } from './lib/e2e-pipeline.ts'
import { e2eReport } from './lib/e2e-report.ts'
import { estimatedEvents, type FilledRun, filledReport } from './lib/filled-report.ts'
import { Teardowns } from './lib/teardowns.ts'
import { tracingReport } from './lib/tracing-report.ts'

const PHASES = ['throughput', 'rates', 'two-ingests']
const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '200,500,1000' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    'two-ingests': { type: 'string', default: '1000' },
    prefill: { type: 'string', default: '2000' },
    'prefill-rate': { type: 'string' },
    drain: { type: 'string', default: '120' },
    seed: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'warn' },
    tracing: { type: 'boolean', default: false },
    only: { type: 'string', default: PHASES.join(',') },
    'filled-database-url': { type: 'string' },
  },
})
const rates = (list: string) => list.split(',').map(Number).filter((rate) => rate > 0)
const ONLY = args.only.split(',')
for (const phase of ONLY) if (!PHASES.includes(phase)) throw new Error(`--only takes ${PHASES.join(', ')}; got ${phase}`)
const RATES = ONLY.includes('rates') ? rates(args.rate) : []
const TWO_INGEST_RATES = ONLY.includes('two-ingests') ? rates(args['two-ingests']) : []
const PREFILL = ONLY.includes('throughput') ? Number(args.prefill) : 0
const SECONDS = Number(args.seconds)
const WARMUP_SECONDS = Number(args.warmup)
const log = (line: string) => process.stderr.write(`bench:e2e: ${line}\n`)

const started = new Date()
const loadAtStart = loadAverage()
const teardowns = new Teardowns()
teardowns.runOnSignals(log)
try {
  const { stack, start, phaseEnv, versions, describeMix } = await startPipeline(teardowns, { logLevel: args['log-level'], seed: Number(args.seed), drainMs: Number(args.drain) * 1000, log })
  const ingest1 = await start('services/ingest/src/main.ts', stack.env)

  let worker: Service | undefined
  let throughput: PhaseResult | undefined
  if (PREFILL > 0) {
    log(`throughput: ${PREFILL} deliveries into the ingest with no worker running`)
    throughput = await runPhase(
      {
        pipeline: 'ours',
        ingests: 1,
        targets: [ingest1.url],
        rate: args['prefill-rate'] ? Number(args['prefill-rate']) : Math.max(...rates(args.rate), ...TWO_INGEST_RATES, 1),
        count: PREFILL,
        processes: { 'ingest 1': ingest1.pid },
        afterSend: async () => {
          worker = await start('services/worker/src/main.ts', stack.env)
          return { worker: worker.pid }
        },
      },
      phaseEnv,
    )
    log(`throughput: ${throughput.eventsPerSecond.toFixed(0)} events/s stored, ${throughput.callbacksPerSecond.toFixed(0)} callbacks/s`)
  } else worker = await start('services/worker/src/main.ts', stack.env)
  const ourProcesses = () => ({ 'ingest 1': ingest1.pid, worker: worker!.pid })
  const filled = throughput && args['filled-database-url'] ? await runFilled(args['filled-database-url']) : undefined

  /** The throughput phase again on its own pipeline, against the filled database. */
  async function runFilled(databaseUrl: string): Promise<FilledRun> {
    const pipeline = await startPipeline(teardowns, { logLevel: args['log-level'], seed: Number(args.seed), drainMs: Number(args.drain) * 1000, log, databaseUrl })
    const rows = await estimatedEvents(pipeline.db)
    const ingest = await pipeline.start('services/ingest/src/main.ts', pipeline.stack.env)
    log(`throughput at size: ${PREFILL} deliveries into an ingest on ${pipeline.phaseEnv.database} (about ${Math.round(rows)} events) with no worker running`)
    let filledWorker: Service | undefined
    const result = await runPhase(
      {
        pipeline: 'ours',
        ingests: 1,
        targets: [ingest.url],
        rate: throughput!.rate,
        count: PREFILL,
        processes: { 'ingest 1': ingest.pid },
        afterSend: async () => {
          filledWorker = await pipeline.start('services/worker/src/main.ts', pipeline.stack.env)
          return { worker: filledWorker.pid }
        },
      },
      pipeline.phaseEnv,
    )
    const lost = await countLost([result], pipeline.phaseEnv, pipeline.phaseEnv.drainMs)
    await Promise.all([ingest.stop(), filledWorker?.stop()])
    log(`throughput at size: ${result.eventsPerSecond.toFixed(0)} events/s stored (${throughput!.eventsPerSecond.toFixed(0)} into the empty database)`)
    return { result, rows, database: pipeline.phaseEnv.database, lost }
  }

  const runs: PhaseResult[] = []
  if (RATES.length) {
    const passThrough = await start('bench/servers/pass-through.ts', { FORWARD_URL: `http://127.0.0.1:${stack.receiver.port}${PASS_THROUGH_PATH}` })
    for (const rate of RATES) {
      const count = rate * SECONDS
      log(`${rate}/s for ${SECONDS} s: pass-through, then ours`)
      const warmup = rate * WARMUP_SECONDS
      runs.push(await runPhase({ pipeline: 'pass-through', ingests: 1, targets: [passThrough.url], rate, count, warmup, processes: { 'pass-through': passThrough.pid } }, phaseEnv))
      runs.push(await runPhase({ pipeline: 'ours', ingests: 1, targets: [ingest1.url], rate, count, warmup, processes: ourProcesses() }, phaseEnv))
      const last = runs.at(-1)!
      log(`${rate}/s ours: p50 ${Math.round(last.e2e.p50)} ms, p99 ${Math.round(last.e2e.p99)} ms (warm-up p99 ${Math.round(last.warmupE2e?.p99 ?? Number.NaN)} ms), ${last.eventsPerSecond.toFixed(0)} events/s, ${last.superseded} superseded, ${last.cancelled} cancelled, ${last.missing} missing`)
      log(`${rate}/s ours: p99 per second of sending: ${last.p99PerSecond.map((ms) => Math.round(ms)).join(' ')}`)
    }
    await passThrough.stop()
  }
  let ingest2: Service | undefined
  if (TWO_INGEST_RATES.length) {
    ingest2 = await start('services/ingest/src/main.ts', stack.env)
    for (const rate of TWO_INGEST_RATES) {
      log(`${rate}/s for ${SECONDS} s: ours with two ingests`)
      runs.push(await runPhase({ pipeline: 'ours', ingests: 2, targets: [ingest1.url, ingest2.url], rate, count: rate * SECONDS, warmup: rate * WARMUP_SECONDS, processes: { ...ourProcesses(), 'ingest 2': ingest2.pid } }, phaseEnv))
      const last = runs.at(-1)!
      log(`${rate}/s ours, two ingests: p50 ${Math.round(last.e2e.p50)} ms, p99 ${Math.round(last.e2e.p99)} ms, ${last.missing} missing`)
    }
  }
  const traced = args.tracing ? await runTraced() : undefined

  /** Each rate again with tracing on: the ingest and the worker restarted exporting to a local OTLP receiver process. */
  async function runTraced() {
    await Promise.all([ingest1.stop(), worker!.stop(), ingest2?.stop()])
    const receiver = await start('bench/servers/otlp-sink.ts', {})
    const tracedEnv = { ...stack.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }
    const ingest = await start('services/ingest/src/main.ts', tracedEnv)
    const tracedWorker = await start('services/worker/src/main.ts', tracedEnv)
    const tracedRuns: PhaseResult[] = []
    for (const rate of RATES) {
      log(`${rate}/s for ${SECONDS} s: ours with tracing on`)
      const processes = { 'ingest 1': ingest.pid, worker: tracedWorker.pid, 'trace receiver': receiver.pid }
      tracedRuns.push(await runPhase({ pipeline: 'ours', ingests: 1, targets: [ingest.url], rate, count: rate * SECONDS, warmup: rate * WARMUP_SECONDS, processes }, phaseEnv))
    }
    /** Once nothing is left to deliver: the services export what they still hold as they stop, then the receiver says how many exports came. */
    const exports = async () => {
      await Promise.all([ingest.stop(), tracedWorker.stop()])
      return ((await (await fetch(receiver.url)).json()) as { exports: number }).exports
    }
    return { runs: tracedRuns, exports }
  }

  log('checking that nothing acknowledged was lost')
  const lost = await countLost([...(throughput ? [throughput] : []), ...runs, ...(traced?.runs ?? [])], phaseEnv, phaseEnv.drainMs)
  const report = e2eReport(throughput, runs, lost, {
    started,
    loadAtStart,
    loadAtEnd: loadAverage(),
    ...(await versions()),
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    logLevel: args['log-level'],
    mix: await describeMix(),
    drainMs: phaseEnv.drainMs,
    runSeconds: (Date.now() - started.getTime()) / 1000,
    code: codeVersion(),
  })
  const withFilled = throughput && filled ? report + filledReport(throughput, filled) : report
  const fullReport = traced ? withFilled + tracingReport(runs, traced.runs, { exports: await traced.exports() }) : withFilled
  process.stdout.write(fullReport)
  const file = resultFile('e2e', started)
  writeFileSync(file, fullReport)
  log(`written to ${file}`)
} finally {
  await teardowns.run()
}
