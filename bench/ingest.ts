// npm run bench:ingest [-- --duration 5 --large-duration 4 --rounds 3 --connections 50 --log-level warn
//                         --sizes small,large --targets bare,probot,straightforward,ingest]
//
// Bare Fastify (the ceiling), Probot's webhook middleware (what users run today), the
// straightforward verify + queue.add per request, and our ingest with a real Redis, each in
// its own process, each driven by autocannon in another.
// The three are measured in interleaved rounds and the median round is reported, so a busy
// machine weighs on all of them alike. Prints Markdown and writes bench/results/ingest-<date>.md.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Webhooks } from '@octokit/webhooks'
import { createRedis, publishHookSecret, SecretBox, waitForRedis } from '../packages/queue/src/index.ts'
import { deleteKeys } from '../packages/testkit/src/redis.ts'
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
    targets: { type: 'string', default: 'bare,probot,straightforward,ingest' },
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

const redis = createRedis(redisUrl, 'producer', 'bench')
await waitForRedis(redis)
const waiting = () => redis.llen(`${prefix}:events:wait`)

interface Target {
  name: string
  script: string
  env: (port: number) => NodeJS.ProcessEnv
  readyPath: string
  readyStatus?: number
  stores?: boolean
}
const targets: Target[] = [
  { name: 'bare Fastify (ceiling)', script: 'bench/servers/bare.ts', env: (port) => ({ PORT: String(port) }), readyPath: '/' },
  { name: 'Probot middleware (no store)', script: 'bench/servers/probot.ts', env: (port) => ({ PORT: String(port), BENCH_SECRET: secret }), readyPath: '/' },
  {
    name: 'straightforward (add per request)',
    script: 'bench/servers/straightforward.ts',
    env: (port) => ({ PORT: String(port), BENCH_SECRET: secret, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix }),
    readyPath: '/readyz',
    stores: true,
  },
  {
    name: 'ingest (verify + Redis)',
    script: 'services/ingest/src/main.ts',
    env: (port) => ({ PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SECRETS_KEY: secretsKey.toString('hex'), LOG_LEVEL: args['log-level'] }),
    readyPath: '/readyz',
    readyStatus: 200,
    stores: true,
  },
]

interface Running {
  target: Target
  server: Server
  load: (spec: Partial<LoadSpec>) => Promise<LoadResult>
  rate: number
}

async function start(target: Target, payload: Payload): Promise<Running> {
  const port = await closedPort()
  const url = `http://127.0.0.1:${port}`
  const server = await startServer(join(root, target.script), target.env(port), url + target.readyPath, target.readyStatus)
  const bodyFile = join(tmp, `${payload.body.length}.json`)
  writeFileSync(bodyFile, payload.body)
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/bench',
    'x-github-event': 'push',
    'x-github-hook-id': String(hookId),
    'x-github-hook-installation-target-type': 'repository',
    'x-github-hook-installation-target-id': '1296269',
    'x-hub-signature-256': await new Webhooks({ secret }).sign(payload.body.toString()),
  }
  const load = (spec: Partial<LoadSpec>) =>
    runJson<LoadResult>(join(root, 'bench/load.ts'), { BENCH_LOAD: JSON.stringify({ url: `${url}/api/webhook`, bodyFile, headers, connections, collectAccepted: target.stores, ...spec }) })
  // Warm up (JIT, caches, connections), and learn the rate to size the measured runs by.
  const warm = await load({ duration: 2 })
  return { target, server, load, rate: (warm['2xx'] + warm.non2xx) / warm.duration }
}

/** One measured run: a fixed number of requests, so every one is answered and the job count is exact. */
async function measure(running: Running, payload: Payload, seconds: number, round: number): Promise<Row> {
  const { target, server, load, rate } = running
  if (target.stores) await deleteKeys(redis, `${prefix}:events`)
  await new Promise((resolve) => setTimeout(resolve, 500)) // requests cut off by a warm-up end settle
  const before = target.stores ? await waiting() : 0
  const amount = Math.max(connections * 20, Math.round(rate * seconds))
  const load1 = loadavg()[0]!
  const redisBefore = await redisCpuSeconds()
  const { result, peakRss, cpuSeconds } = await whileSampling(server.child.pid!, load({ amount }))
  const redisCpu = target.stores ? (await redisCpuSeconds()) - redisBefore : undefined
  const stored = target.stores ? (await waiting()) - before : undefined
  const acceptedStored = target.stores ? await countStored(result.accepted) : undefined
  return { target: target.name, payload: payload.name, large: payload.large, round, result, peakRss, cpuSeconds, redisCpu, stored, acceptedStored, load1 }
}

/** CPU seconds the Redis server has used so far (every client's work, not only ours). */
async function redisCpuSeconds(): Promise<number> {
  const info = await redis.info('cpu')
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0)
  return field('used_cpu_user') + field('used_cpu_sys')
}

/** How many of the deliveries answered 2xx have their job in Redis (job id = hook id - GUID). */
async function countStored(deliveryIds: string[]): Promise<number> {
  let found = 0
  for (let i = 0; i < deliveryIds.length; i += 1000) {
    const pipeline = redis.pipeline()
    for (const id of deliveryIds.slice(i, i + 1000)) pipeline.exists(`${prefix}:events:${hookId}-${id}`)
    for (const [error, exists] of (await pipeline.exec()) ?? []) if (!error && exists === 1) found++
  }
  return found
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
      await Promise.all(running.map((each) => each.server.stop()))
    }
  }
} finally {
  await deleteKeys(redis, prefix)
  redis.disconnect()
}

const markdown = report(rows, { connections, logLevel: args['log-level'], redisVersion: await redisVersion() })
process.stdout.write(markdown)
const file = join(root, 'bench/results', `ingest-${new Date().toISOString().slice(0, 10)}.md`)
writeFileSync(file, markdown)
process.stderr.write(`written to ${file}\n`)

async function redisVersion(): Promise<string> {
  const probe = createRedis(redisUrl, 'producer', 'bench-info')
  await waitForRedis(probe)
  const info = await probe.info('server')
  probe.disconnect()
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown'
}
