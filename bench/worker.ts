// npm run bench:worker [-- --events 5000 --rate 200[,75] --seconds 30 --log-level warn]
//
// The worker (services/worker/src/main.ts, default concurrency) in its own process, on a fresh
// database and its own Redis prefix, delivering to a real platform receiver:
//  1. throughput: N push deliveries already queued, then the worker starts; events persisted
//     per second (first to last processed_at) and callbacks delivered per second;
//  2. latency: the ingest (its own process) gets signed pushes at a steady rate (each rate of
//     --rate in turn); the time from each 202 to the receiver getting that delivery's
//     callback, p50/p90/p99/max.
// Prints a Markdown report and writes it to bench/results/worker-<date>.md.
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createOrm, migrate } from '../packages/domain/src/index.ts'
import { addJob, createQueue, createRedis, JOBS, jobId, QUEUES, waitForRedis } from '../packages/queue/src/index.ts'
import { createPlatformReceiver } from '../packages/testkit/src/platform-receiver.ts'
import { deleteKeys } from '../packages/testkit/src/redis.ts'
import { examples } from '../packages/testkit/src/webhooks.ts'
import { summary } from './lib/percentiles.ts'
import { startServer } from './lib/processes.ts'
import { closedPort } from '@gwm/testkit'

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    'log-level': { type: 'string', default: 'warn' },
  },
})
const N = Number(args.events)
const RATES = args.rate.split(',').map(Number)
const SECONDS = Number(args.seconds)
const root = new URL('..', import.meta.url).pathname
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const redisUrl = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const prefix = `{benchw${randomBytes(4).toString('hex')}}`
const platformSecret = `whsec_${randomBytes(24).toString('base64')}`
const webhookSecret = randomBytes(20).toString('hex')
const dbName = `gwm_bench_${randomBytes(4).toString('hex')}`
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ')
const log = (line: string) => process.stderr.write(`bench:worker: ${line}\n`)

const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query(sql).finally(() => client.end())
}
await admin(`CREATE DATABASE "${dbName}"`)
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString()
const orm = await createOrm({ databaseUrl })
await migrate(orm)
const redis = createRedis(redisUrl, 'worker', 'bench')
await waitForRedis(redis)
const events = createQueue(QUEUES.events, redis, prefix)
const receiver = await createPlatformReceiver({ secret: platformSecret })
const loadAtStart = load()

const push = examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const body = JSON.stringify(push)
const workerEnv = { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, DEPLOY_PLATFORM_URL: receiver.url, DEPLOY_PLATFORM_SECRET: platformSecret, LOG_LEVEL: args['log-level'], HOST: '127.0.0.1' }
const sql = (query: string) => orm.em.getConnection().execute(query)
const cleanups: Array<() => Promise<unknown>> = []

try {
  // 1. Throughput: the queue holds N deliveries before the worker starts.
  log(`queueing ${N} push deliveries`)
  for (let i = 0; i < N; i += 500) {
    await events.addBulk(Array.from({ length: Math.min(500, N - i) }, () => {
      const deliveryId = randomUUID()
      const data = { deliveryId, event: 'push', receivedAt: new Date().toISOString(), payload: body }
      return { name: 'github-event', data, opts: { ...JOBS['github-event'].options, jobId: jobId(0, deliveryId) } }
    }))
  }
  const workerPort = await closedPort()
  log('starting the worker')
  const worker = await startServer(join(root, 'services/worker/src/main.ts'), { ...workerEnv, PORT: String(workerPort), ...(process.env.BENCH_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROF}` } : {}) }, `http://127.0.0.1:${workerPort}/readyz`, 200)
  cleanups.push(() => worker.stop())
  const deadline = Date.now() + 600_000
  while (receiver.delivered().length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
  const [persist] = (await sql(`select count(*)::int as n, extract(epoch from max(processed_at) - min(processed_at)) as s from webhook_events`)) as Array<{ n: number; s: number }>
  const delivered = receiver.delivered()
  const callbackSpan = ((delivered.at(-1)?.at ?? 0) - (delivered[0]?.at ?? 0)) / 1000
  const throughput = { stored: persist!.n, perSecond: (persist!.n - 1) / persist!.s, callbacks: delivered.length, callbacksPerSecond: (delivered.length - 1) / callbackSpan }
  log(`persisted ${throughput.stored} at ${throughput.perSecond.toFixed(0)}/s; ${throughput.callbacks} callbacks at ${throughput.callbacksPerSecond.toFixed(0)}/s`)

  // 2. Latency through the ingest at a steady rate.
  const ingestPort = await closedPort()
  const ingest = await startServer(join(root, 'services/ingest/src/main.ts'), { PORT: String(ingestPort), HOST: '127.0.0.1', REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, WEBHOOK_SECRET: webhookSecret, SECRETS_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: args['log-level'] }, `http://127.0.0.1:${ingestPort}/readyz`, 200)
  cleanups.push(() => ingest.stop())
  const headers = { 'content-type': 'application/json', 'user-agent': 'GitHub-Hookshot/bench', 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${createHmac('sha256', webhookSecret).update(body).digest('hex')}` }

  async function steady(rate: number) {
    const accepted = new Map<string, { sent: number; answered: number }>()
    let refused = 0
    const before = receiver.requests.length
    const total = rate * SECONDS
    log(`sending ${total} deliveries at ${rate}/s to the ingest`)
    const started = performance.now()
    const inFlight: Array<Promise<void>> = []
    for (let sent = 0; sent < total; ) {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate))
      for (; sent < due; sent++) {
        const deliveryId = randomUUID()
        const at = Date.now()
        inFlight.push(fetch(`http://127.0.0.1:${ingestPort}/api/webhook`, { method: 'POST', headers: { ...headers, 'x-github-delivery': deliveryId }, body }).then(async (res) => {
          await res.arrayBuffer()
          if (res.status === 202) accepted.set(deliveryId, { sent: at, answered: Date.now() })
          else refused++
        }, () => void refused++))
      }
      await new Promise((r) => setTimeout(r, 2))
    }
    const sendSeconds = (performance.now() - started) / 1000
    await Promise.all(inFlight)
    const arrived = new Map<string, number>()
    const until = Date.now() + 180_000
    while (arrived.size < accepted.size && Date.now() < until) {
      for (const r of receiver.requests.slice(before)) {
        const id = (r.body?.data?.event as { deliveryId?: string } | undefined)?.deliveryId
        if (id && r.status === 200 && !arrived.has(id)) arrived.set(id, r.at)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    const fromAck = summary([...accepted].flatMap(([id, t]) => (arrived.has(id) ? [arrived.get(id)! - t.answered] : [])))
    const ack = summary([...accepted.values()].map((t) => t.answered - t.sent))
    log(`${rate}/s: 202 -> callback p50 ${fromAck.p50} ms, p99 ${fromAck.p99} ms`)
    return `| ${rate}/s | ${total} | ${accepted.size} | ${refused} | ${arrived.size} | ${accepted.size - arrived.size} | ${(total / sendSeconds).toFixed(0)}/s | ${ack.p50} / ${ack.p99} | ${fromAck.p50} | ${fromAck.p90} | ${fromAck.p99} | ${fromAck.max} |`
  }
  const latencyRows: string[] = []
  for (const rate of RATES) latencyRows.push(await steady(rate))

  const date = new Date().toISOString().slice(0, 16).replace('T', ' ')
  const report = [
    `# Worker benchmark, ${date} UTC`,
    '',
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; Postgres and Redis local; load average ${loadAtStart} at the start, ${load()} at the end (the machine is shared: other work runs beside the benchmark). Worker defaults: EVENTS_CONCURRENCY=16, CALLBACKS_CONCURRENCY=32, one process; LOG_LEVEL=${args['log-level']}. The platform receiver (in the benchmark process) verifies every signature and answers 200.`,
    '',
    '## Throughput (queue pre-filled, then the worker starts)',
    '',
    '| deliveries | events persisted/s | callbacks delivered/s |',
    '|---:|---:|---:|',
    `| ${throughput.stored} of ${N} | ${throughput.perSecond.toFixed(0)} | ${throughput.callbacksPerSecond.toFixed(0)} (${throughput.callbacks}) |`,
    '',
    'Each delivery is a push to the default branch: one atomic write (the event and its deployment request), then one signed callback (claim, POST, record the attempt). Both queues run at once, so the persist rate is measured while callbacks compete for the same cores; above that rate the queue absorbs the excess and latency grows with the backlog.',
    '',
    `## End to end at steady rates for ${SECONDS} s each (ingest 202 → receiver)`,
    '',
    '| offered | sent | 202 | refused | callbacks arrived | missing | send rate achieved | ingest 202 p50 / p99 ms | 202 → callback p50 ms | p90 | p99 | max |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...latencyRows,
    '',
  ].join('\n')
  console.log(report)
  mkdirSync(join(root, 'bench/results'), { recursive: true })
  const file = join(root, `bench/results/worker-${date.replace(/[: ]/g, '-')}.md`)
  writeFileSync(file, report)
  log(`written to ${file}`)
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
  await receiver.close()
  await events.close()
  await deleteKeys(redis, prefix)
  redis.disconnect()
  await orm.close()
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
}
