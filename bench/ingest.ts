// npm run bench:ingest [-- --duration 10 --large-duration 8 --connections 50 --log-level warn --sizes small,large]
//
// Bare Fastify (the ceiling), Probot's webhook middleware (what users run today) and our
// ingest with a real Redis, each in its own process, each driven by autocannon in another.
// Prints a Markdown report and writes it to bench/results/ingest-<date>.md.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Webhooks } from '@octokit/webhooks'
import { createRedis, publishHookSecret, SecretBox, waitForRedis } from '../packages/queue/src/index.ts'
import { deleteKeys } from '../packages/testkit/src/redis.ts'
import type { LoadSpec } from './load.ts'
import { largePushPayload, type Payload, pushPayload } from './lib/payloads.ts'
import { freePort, runJson, startServer, whileSampling } from './lib/processes.ts'
import { type Row, report } from './lib/report.ts'
import type { Result } from 'autocannon'

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    'large-duration': { type: 'string', default: '8' },
    connections: { type: 'string', default: '50' },
    'log-level': { type: 'string', default: 'warn' },
    sizes: { type: 'string', default: 'small,large' },
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
    name: 'ingest (verify + Redis)',
    script: 'services/ingest/src/main.ts',
    env: (port) => ({ PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, QUEUE_PREFIX: prefix, SECRETS_KEY: secretsKey.toString('hex'), LOG_LEVEL: args['log-level'] }),
    readyPath: '/readyz',
    readyStatus: 200,
    stores: true,
  },
]

async function measure(target: Target, payload: Payload, seconds: number): Promise<Row> {
  const port = await freePort()
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
    runJson<Result>(join(root, 'bench/load.ts'), { BENCH_LOAD: JSON.stringify({ url: `${url}/api/webhook`, bodyFile, headers, connections, ...spec }) })
  try {
    // Warm up (JIT, caches, connections), and learn the rate to size the measured run by.
    const warm = await load({ duration: Math.max(2, Math.round(seconds / 4)) })
    const rate = (warm['2xx'] + warm.non2xx) / warm.duration
    await new Promise((resolve) => setTimeout(resolve, 500)) // requests cut off by the warm-up end settle
    const before = target.stores ? await waiting() : 0
    // A fixed number of requests, so every one is answered and the job count can be exact.
    const amount = Math.max(connections * 20, Math.round(rate * seconds))
    const { result, peakRss, cpuSeconds } = await whileSampling(server.child.pid!, load({ amount }))
    const stored = target.stores ? (await waiting()) - before : undefined
    return { target: target.name, payload: payload.name, result, peakRss, cpuSeconds, stored }
  } finally {
    await server.stop()
    if (target.stores) await deleteKeys(redis, `${prefix}:events`)
  }
}

await publishHookSecret(redis, new SecretBox([secretsKey]), prefix, hookId, { current: secret })
const rows: Row[] = []
try {
  const sizes = args.sizes.split(',')
  const runs = [
    ...(sizes.includes('small') ? [[pushPayload(), Number(args.duration)] as const] : []),
    ...(sizes.includes('large') ? [[largePushPayload(), Number(args['large-duration'])] as const] : []),
  ]
  for (const [payload, seconds] of runs) {
    for (const target of targets) {
      process.stderr.write(`${target.name}, ${payload.name}: ${seconds} s ...\n`)
      rows.push(await measure(target, payload, seconds))
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
