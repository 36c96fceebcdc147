// npm run bench:ingest [-- --duration 5 --large-duration 4 --rounds 3 --connections 50 --log-level warn
//                         --sizes small,large --targets bare,probot,straightforward,ingest]
//
// Bare Fastify (the ceiling), Probot's webhook middleware (what users run today), the
// straightforward verify + queue.add per request, and our ingest with a real Redis, each in
// its own process, each driven by autocannon in another.
// The three are measured in interleaved rounds and the median round is reported, so a busy
// machine weighs on all of them alike. Prints Markdown and writes bench/results/ingest-<date>-<hh>-<mm>.md.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createRedis, publishHookSecret, SecretBox, waitForRedis } from '../packages/queue/src/index.ts'
import { deleteKeys } from '../packages/testkit/src/redis.ts'
import { mergeLoads } from './lib/merge-loads.ts'
import { inboxStore, queueStore, type StoreView } from './lib/stored.ts'
import type { LoadResult, LoadSpec } from './load.ts'
import { largePushPayload, type Payload, pushPayload } from './lib/payloads.ts'
import { runJson, type Server, startServer, whileSampling } from './lib/processes.ts'
import { type Row, report } from './lib/report.ts'
import { closedPort } from '@gwm/testkit'

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    'large-duration': { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    'log-level': { type: 'string', default: 'warn' },
    sizes: { type: 'string', default: 'small,large' },
    targets: { type: 'string', default: 'bare,probot,straightforward,ingest' }, // 'ingest' selects both ingest rows
  },
})
const connections = Number(args.connections)
const root = new URL('..', import.meta.url).pathname
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const secret = randomBytes(20).toString('hex')
const secretsKey = randomBytes(32)
const prefix = `{bench${randomBytes(4).toString('hex')}}`
const hookId = 9_000_001
const tmp = mkdtempSync(join(tmpdir(), 'bench-ingest-'))

const redis = createRedis(redisUrl, 'producer', 'bench', { commandTimeout: 60_000 })
await waitForRedis(redis)

interface Target {
  name: string
  script: string
  env: (port: number) => NodeJS.ProcessEnv
  readyPath: string
  readyStatus?: number
  store?: StoreView
  /** Processes behind the same Redis, each driven by its own autocannon with an equal share of the connections. */
  processes?: number
}
const ingestEnv = (port: number) => ({ PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SECRETS_KEY: secretsKey.toString('hex'), LOG_LEVEL: args['log-level'] })
const targets: Target[] = [
  { name: 'bare Fastify (ceiling)', script: 'bench/servers/bare.ts', env: (port) => ({ PORT: String(port) }), readyPath: '/' },
  { name: 'Probot middleware (no store)', script: 'bench/servers/probot.ts', env: (port) => ({ PORT: String(port), BENCH_SECRET: secret }), readyPath: '/' },
  {
    name: 'straightforward (add per request)',
    script: 'bench/servers/straightforward.ts',
    env: (port) => ({ PORT: String(port), BENCH_SECRET: secret, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix }),
    readyPath: '/readyz',
    store: queueStore(redis, prefix, hookId),
  },
  { name: 'ingest (verify + Redis)', script: 'services/ingest/src/main.ts', env: ingestEnv, readyPath: '/readyz', readyStatus: 200, store: inboxStore(redis, prefix, hookId) },
  { name: 'ingest ×2 processes', script: 'services/ingest/src/main.ts', env: ingestEnv, readyPath: '/readyz', readyStatus: 200, store: inboxStore(redis, prefix, hookId), processes: 2 },
]

interface Running {
  target: Target
  servers: Server[]
  load: (spec: Partial<LoadSpec>) => Promise<LoadResult>
  rate: number
}

async function start(target: Target, payload: Payload): Promise<Running> {
  const urls: string[] = []
  const servers: Server[] = []
  for (let i = 0; i < (target.processes ?? 1); i++) {
    const port = await closedPort()
    const url = `http://127.0.0.1:${port}`
    servers.push(await startServer(join(root, target.script), target.env(port), url + target.readyPath, target.readyStatus))
    urls.push(url)
  }
  const bodyFile = join(tmp, `${payload.body.length}.json`)
  writeFileSync(bodyFile, payload.body)
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/bench',
    'x-github-event': 'push',
    'x-github-hook-id': String(hookId),
    'x-github-hook-installation-target-type': 'repository',
    'x-github-hook-installation-target-id': '1296269',
  }
  // One autocannon per process, each with its share of the connections and of the requests.
  const load = async (spec: Partial<LoadSpec>) =>
    mergeLoads(await Promise.all(urls.map((url) => runJson<LoadResult>(join(root, 'bench/load.ts'), {
      BENCH_LOAD: JSON.stringify({
        url: `${url}/api/webhook`, bodyFile, headers, secret,
        connections: Math.ceil(connections / urls.length),
        collectAccepted: target.store !== undefined,
        ...spec,
        ...(spec.amount ? { amount: Math.ceil(spec.amount / urls.length) } : {}),
      }),
    }))))
  // Warm up (JIT, caches, connections), and learn the rate to size the measured runs by.
  const warm = await load({ duration: 2 })
  return { target, servers, load, rate: (warm['2xx'] + warm.non2xx) / warm.duration }
}

/** One measured run: a fixed number of requests, so every one is answered and the job count is exact. */
async function measure(running: Running, payload: Payload, seconds: number, round: number): Promise<Row> {
  const { target, servers, load, rate } = running
  const { store } = target
  await store?.clear()
  await new Promise((resolve) => setTimeout(resolve, 500)) // requests cut off by a warm-up end settle
  const before = store ? await store.count() : 0
  const amount = Math.max(connections * 20, Math.round(rate * seconds))
  const load1 = loadavg()[0]!
  const redisBefore = await redisCpuSeconds()
  const { result, peakRss, cpuSeconds } = await whileSampling(servers.map((server) => server.child.pid!), load({ amount }))
  const redisCpu = store ? (await redisCpuSeconds()) - redisBefore : undefined
  const stored = store ? (await store.count()) - before : undefined
  const acceptedStored = store ? await store.countAccepted(result.accepted) : undefined
  return { target: target.name, payload: payload.name, large: payload.large, round, result, peakRss, cpuSeconds, redisCpu, stored, acceptedStored, storedWhat: store?.what, load1 }
}

/** CPU seconds the Redis server has used so far (every client's work, not only ours). */
async function redisCpuSeconds(): Promise<number> {
  const info = await redis.info('cpu')
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0)
  return field('used_cpu_user') + field('used_cpu_sys')
}

await publishHookSecret(redis, new SecretBox([secretsKey]), prefix, hookId, { current: secret })
const rows: Row[] = []
const sizes = args.sizes.split(',')
const runs = [
  ...(sizes.includes('small') ? [[pushPayload(), Number(args.duration)] as const] : []),
  ...(sizes.includes('large') ? [[largePushPayload(), Number(args['large-duration'])] as const] : []),
]
try {
  for (const [payload, seconds] of runs) {
    const running: Running[] = []
    try {
      const wanted = args.targets.split(',')
      for (const target of targets.filter((each) => wanted.some((name) => each.name.toLowerCase().startsWith(name)))) running.push(await start(target, payload))
      for (let round = 1; round <= Number(args.rounds); round++) {
        for (const each of running) {
          process.stderr.write(`${payload.name}, round ${round}: ${each.target.name} ...\n`)
          rows.push(await measure(each, payload, seconds, round))
        }
      }
    } finally {
      await Promise.all(running.flatMap((each) => each.servers.map((server) => server.stop())))
    }
  }
} finally {
  await deleteKeys(redis, prefix)
  redis.disconnect()
}

const markdown = report(rows, { connections, logLevel: args['log-level'], redisVersion: await redisVersion() })
process.stdout.write(markdown)
// Minutes in the name: a second run of the day must not overwrite the first's report.
const file = join(root, 'bench/results', `ingest-${new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-')}.md`)
writeFileSync(file, markdown)
process.stderr.write(`written to ${file}\n`)

async function redisVersion(): Promise<string> {
  const probe = createRedis(redisUrl, 'producer', 'bench-info')
  await waitForRedis(probe)
  const info = await probe.info('server')
  probe.disconnect()
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
}
