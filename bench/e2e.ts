// npm run bench:e2e [-- --rate 200,500,1000 --seconds 20 --warmup 5 --two-ingests 1000
//                      --prefill 2000 --drain 120 --seed 1 --log-level warn --tracing]
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
// It only talks HTTP to the services and reads results from Postgres and the receiver. Its own
// database and Redis prefix are removed at the end; every process it started is stopped, also
// on failure or Ctrl-C. Prints a Markdown report and writes bench/results/e2e-<date-time>.md.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createRedis, waitForRedis } from '../packages/queue/src/index.ts'
import { closedPort } from '../packages/testkit/src/ports.ts'
import { deleteKeys } from '../packages/testkit/src/redis.ts'
import { planDeliveries, seededRandom } from '../tests/faults/lib/github-sender.ts'
import { createStack, FAST_WORKER } from '../tests/faults/lib/stack.ts'
import { collectArrivals, PASS_THROUGH_PATH } from './lib/arrivals.ts'
import { countLost } from './lib/e2e-lost.ts'
import { type PhaseEnv, type PhaseResult, runPhase } from './lib/e2e-phase.ts'
import { e2eReport } from './lib/e2e-report.ts'
import { startServer } from './lib/processes.ts'
import { Teardowns } from './lib/teardowns.ts'
import { tracingReport } from './lib/tracing-report.ts'

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '200,500,1000' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    'two-ingests': { type: 'string', default: '1000' },
    prefill: { type: 'string', default: '2000' },
    drain: { type: 'string', default: '120' },
    seed: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'warn' },
    tracing: { type: 'boolean', default: false },
  },
})
const RATES = args.rate.split(',').map(Number)
const TWO_INGEST_RATES = args['two-ingests'] ? args['two-ingests'].split(',').map(Number) : []
const SECONDS = Number(args.seconds)
const WARMUP_SECONDS = Number(args.warmup)
const SENDER = { seed: Number(args.seed), pool: 400, deployingShare: 0.5, timeoutMs: 10_000 }
const root = new URL('..', import.meta.url).pathname
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
// The testkit creates the benchmark's database on this server (never a container).
process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const log = (line: string) => process.stderr.write(`bench:e2e: ${line}\n`)
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ')

const started = new Date()
const loadAtStart = load()
const teardowns = new Teardowns()
teardowns.runOnSignals(log)
try {
  const stack = await createStack(teardowns, { redisUrl, ingests: 0, workers: 0, env: { LOG_LEVEL: args['log-level'] } })
  // The fault suite's small concurrency and short timeouts are for faults: the benchmark runs the defaults.
  for (const name of Object.keys(FAST_WORKER)) delete stack.env[name]
  const redis = createRedis(redisUrl, 'producer', 'bench')
  teardowns.teardown(() => redis.disconnect())
  await waitForRedis(redis)
  teardowns.teardown(() => deleteKeys(redis, stack.prefix))
  const db = new pg.Client({ connectionString: stack.databaseUrl })
  await db.connect()
  teardowns.teardown(() => db.end())
  const collector = collectArrivals(stack.receiver)
  teardowns.teardown(() => collector.stop())

  const start = async (script: string, env: NodeJS.ProcessEnv) => {
    const port = await closedPort()
    const url = `http://127.0.0.1:${port}`
    const server = await startServer(join(root, script), { ...env, PORT: String(port), HOST: '127.0.0.1' }, `${url}/readyz`, 200)
    teardowns.teardown(() => server.stop())
    return { url, pid: server.child.pid!, stop: () => server.stop() }
  }
  const phaseEnv: PhaseEnv = { root, db, database: new URL(stack.databaseUrl).pathname.slice(1), redis, collector, sender: { ...SENDER, hooks: stack.hooks }, drainMs: Number(args.drain) * 1000, log }
  const ingest1 = await start('services/ingest/src/main.ts', stack.env)

  log(`throughput: ${args.prefill} deliveries into the ingest with no worker running`)
  let worker: Awaited<ReturnType<typeof start>> | undefined
  const throughput = await runPhase(
    {
      pipeline: 'ours',
      ingests: 1,
      targets: [ingest1.url],
      rate: Math.max(...RATES),
      count: Number(args.prefill),
      processes: { 'ingest 1': ingest1.pid },
      afterSend: async () => {
        worker = await start('services/worker/src/main.ts', stack.env)
        return { worker: worker.pid }
      },
    },
    phaseEnv,
  )
  log(`throughput: ${throughput.eventsPerSecond.toFixed(0)} events/s`)
  const ourProcesses = () => ({ 'ingest 1': ingest1.pid, worker: worker!.pid })

  const runs: PhaseResult[] = []
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
  let ingest2: Awaited<ReturnType<typeof start>> | undefined
  if (TWO_INGEST_RATES.length) {
    ingest2 = await start('services/ingest/src/main.ts', stack.env)
    for (const rate of TWO_INGEST_RATES) {
      log(`${rate}/s for ${SECONDS} s: ours with two ingests`)
      runs.push(await runPhase({ pipeline: 'ours', ingests: 2, targets: [ingest1.url, ingest2.url], rate, count: rate * SECONDS, warmup: rate * WARMUP_SECONDS, processes: { ...ourProcesses(), 'ingest 2': ingest2.pid } }, phaseEnv))
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
  const lost = await countLost([throughput, ...runs, ...(traced?.runs ?? [])], phaseEnv, phaseEnv.drainMs)
  const versions = await db.query<{ v: string }>("select current_setting('server_version') as v")
  const redisInfo = await redis.info('server')
  const report = e2eReport(throughput, runs, lost, {
    started,
    loadAtStart,
    loadAtEnd: load(),
    postgres: versions.rows[0]?.v.split(' ')[0] ?? 'unknown',
    redis: /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? 'unknown',
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    logLevel: args['log-level'],
    mix: await describeMix(stack.hooks),
    drainMs: phaseEnv.drainMs,
    runSeconds: (Date.now() - started.getTime()) / 1000,
    code: codeVersion(),
  })
  const fullReport = traced ? report + tracingReport(runs, traced.runs, { exports: await traced.exports() }) : report
  process.stdout.write(fullReport)
  const file = join(root, 'bench/results', `e2e-${started.toISOString().slice(0, 16).replace(/[T:]/g, '-')}.md`)
  writeFileSync(file, fullReport)
  log(`written to ${file}`)
} finally {
  await teardowns.run()
}

/** The commit measured, and whether the services or packages differed from it. */
function codeVersion(): string {
  const git = (...gitArgs: string[]) => execFileSync('git', gitArgs, { cwd: root, encoding: 'utf8' }).trim()
  try {
    const dirty = git('status', '--porcelain', '--', 'services', 'packages') !== ''
    return `commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes under services/ or packages/' : ''}`
  } catch {
    return 'unknown (not a git checkout)'
  }
}

/** The sender's payload pool in words: which events, and how many derive a deployment request. */
async function describeMix(hooks: Parameters<typeof planDeliveries>[0]['hooks']): Promise<string> {
  const { deliveries } = await planDeliveries({ posts: SENDER.pool, hooks, random: seededRandom(SENDER.seed), duplicateShare: 0, deployingShare: SENDER.deployingShare, ownRepositories: true })
  const byEvent = new Map<string, number>()
  for (const delivery of deliveries) byEvent.set(delivery.event, (byEvent.get(delivery.event) ?? 0) + 1)
  const deriving = deliveries.filter((delivery) => delivery.expectedRequests > 0).length
  const events = [...byEvent].sort((a, b) => b[1] - a[1]).map(([event, n]) => `${event} ${Math.round((n / deliveries.length) * 100)} %`).join(', ')
  const size = Math.round(deliveries.reduce((sum, delivery) => sum + delivery.body.length, 0) / deliveries.length / 1000)
  return `a pool of ${deliveries.length} real payloads (average ${size} KB; each about a repository of its own, so that one environment sees a push at most every pool-length of sends and coalescing rarely holds one back) cycled in a seeded order (${events}); ${Math.round((deriving / deliveries.length) * 100)} % of them derive a deployment request (push to the default branch or deleting a branch, pull_request opened/synchronize/closed, release published), the rest are only stored. Signed with the secrets of ${hooks.length} hooks (${hooks.filter((hook) => hook.id).length} from the ingest's hook-secret registry, one the global WEBHOOK_SECRET); every send has a fresh X-GitHub-Delivery.`
}
