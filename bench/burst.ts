// npm run bench:burst [-- --deliveries 20000 --rate 5000 --ingests 2 --warmup 1000 --drain 300
//                        --max-in-flight <n> --seed 1 --log-level warn]
//
// A burst GitHub could send after an outage or a mass push: --deliveries real signed deliveries
// offered open-loop at --rate into --ingests ingest processes (round-robin), with the worker
// running, all on this machine. GitHub gives each delivery 10 s and does not retry by itself,
// so the sender does the same: every delivery must get 202 (stored) or 503 with Retry-After
// (shed: not stored, GitHub records it as failed and a redelivery brings it back); one left
// unanswered for 10 s, or whose connection failed, is a failure. Then the run waits until every
// 202-answered delivery is in Postgres and every callback it causes has arrived, and reports how
// long that took after the last 202 (the drain), and that none was lost or sent twice.
// --warmup deliveries go first at 500/s (the processes start cold), apart from the burst's figures.
// --max-in-flight sets the ingests' MAX_REQUESTS_IN_FLIGHT (default: theirs).
// Prints a Markdown report and writes bench/results/burst-<date-time>.md.
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { burstReport } from './lib/burst-report.ts'
import { countLost } from './lib/e2e-lost.ts'
import { runPhase } from './lib/e2e-phase.ts'
import { codeVersion, loadAverage, resultFile, startPipeline } from './lib/e2e-pipeline.ts'
import { Teardowns } from './lib/teardowns.ts'

const { values: args } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '5000' },
    ingests: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1000' },
    drain: { type: 'string', default: '300' },
    'max-in-flight': { type: 'string' },
    seed: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'warn' },
  },
})
const DELIVERIES = Number(args.deliveries)
const RATE = Number(args.rate)
const INGESTS = Number(args.ingests)
const WARMUP = Number(args.warmup)
const log = (line: string) => process.stderr.write(`bench:burst: ${line}\n`)

const started = new Date()
const loadAtStart = loadAverage()
const teardowns = new Teardowns()
teardowns.runOnSignals(log)
try {
  const { stack, start, phaseEnv, versions, describeMix } = await startPipeline(teardowns, { logLevel: args['log-level'], seed: Number(args.seed), drainMs: Number(args.drain) * 1000, log })
  const ingestEnv = { ...stack.env, ...(args['max-in-flight'] ? { MAX_REQUESTS_IN_FLIGHT: args['max-in-flight'] } : {}) }
  const ingests = []
  for (let i = 0; i < INGESTS; i++) ingests.push(await start('services/ingest/src/main.ts', ingestEnv))
  const worker = await start('services/worker/src/main.ts', stack.env)
  const processes = { ...Object.fromEntries(ingests.map((ingest, i) => [`ingest ${i + 1}`, ingest.pid])), worker: worker.pid }
  const targets = ingests.map((ingest) => ingest.url)

  const warmup = WARMUP > 0 ? await runPhase({ pipeline: 'ours', ingests: INGESTS, targets, rate: 500, count: WARMUP, processes }, phaseEnv) : undefined
  if (warmup) log(`warm-up: ${warmup.accepted.size} of ${warmup.sent} accepted at 500/s`)
  log(`burst: ${DELIVERIES} deliveries at ${RATE}/s into ${INGESTS} ingests`)
  const burst = await runPhase({ pipeline: 'ours', ingests: INGESTS, targets, rate: RATE, count: DELIVERIES, processes }, phaseEnv)
  log(`burst: ${burst.accepted.size} accepted, refused ${JSON.stringify(burst.refused)}; drained ${burst.drainedMs === undefined ? 'not within the window' : `${Math.round(burst.drainedMs)} ms after the last answer`}`)

  log('checking that nothing acknowledged was lost')
  const lost = await countLost([burst], phaseEnv, phaseEnv.drainMs)
  const report = burstReport(burst, lost, {
    started,
    loadAtStart,
    loadAtEnd: loadAverage(),
    ...(await versions()),
    mix: await describeMix(),
    drainMs: phaseEnv.drainMs,
    warmup: WARMUP,
    maxInFlight: args['max-in-flight'] ?? 'the default',
    runSeconds: (Date.now() - started.getTime()) / 1000,
    code: codeVersion(),
  })
  process.stdout.write(report)
  const file = resultFile('burst', started)
  writeFileSync(file, report)
  log(`written to ${file}`)
} finally {
  await teardowns.run()
}
