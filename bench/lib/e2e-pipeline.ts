// What every whole-pipeline benchmark (e2e, burst, sustained) sets up first: the fault suite's
// stack (its own Postgres database, Redis prefix and platform receiver, worker defaults), a
// Redis and a Postgres connection for reading results, the receiver's arrivals, and a way to
// start the services as real processes. Everything is undone by the teardowns.
import { execFileSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createRedis, waitForRedis } from '../../packages/queue/src/index.ts'
import { closedPort } from '../../packages/testkit/src/ports.ts'
import { deleteKeys } from '../../packages/testkit/src/redis.ts'
import { planDeliveries, seededRandom } from '../../tests/faults/lib/github-sender.ts'
import { createStack, FAST_WORKER } from '../../tests/faults/lib/stack.ts'
import { collectArrivals } from './arrivals.ts'
import type { PhaseEnv } from './e2e-phase.ts'
import { startServer } from './processes.ts'
import type { Teardowns } from './teardowns.ts'

const root = new URL('../..', import.meta.url).pathname
// GitHub's own timeout: a delivery not answered within 10 s is a failed delivery.
const SENDER = { pool: 400, deployingShare: 0.5, timeoutMs: 10_000 }

export const loadAverage = () => loadavg().map((n) => n.toFixed(2)).join(' ')

export interface Service {
  url: string
  pid: number
  stop(): Promise<void>
}

/** databaseUrl: a migrated database to run against (a filled one) instead of a fresh one of its own; its rows are kept. */
export async function startPipeline(teardowns: Teardowns, options: { logLevel: string; seed: number; drainMs: number; log: (line: string) => void; databaseUrl?: string }) {
  const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
  // The testkit creates the benchmark's database on this server (never a container).
  process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  // On a given database the worker keeps every event: retention would otherwise prune the filled ones older than its default.
  const env = { LOG_LEVEL: options.logLevel, ...(options.databaseUrl ? { EVENT_RETENTION_DAYS: '0' } : {}) }
  const stack = await createStack(teardowns, { redisUrl, ingests: 0, workers: 0, env, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) })
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

  /** Starts a server script of this repository as its own process, ready when /readyz answers 200. */
  const start = async (script: string, env: NodeJS.ProcessEnv): Promise<Service> => {
    const port = await closedPort()
    const url = `http://127.0.0.1:${port}`
    const server = await startServer(join(root, script), { ...env, PORT: String(port), HOST: '127.0.0.1' }, `${url}/readyz`, 200)
    teardowns.teardown(() => server.stop())
    return { url, pid: server.child.pid!, stop: () => server.stop() }
  }
  const sender = { ...SENDER, seed: options.seed, hooks: stack.hooks }
  const phaseEnv: PhaseEnv = { root, db, database: new URL(stack.databaseUrl).pathname.slice(1), redis, collector, sender, drainMs: options.drainMs, log: options.log }

  /** Postgres's and Redis's versions, for the report. */
  const versions = async () => {
    const { rows } = await db.query<{ v: string }>("select current_setting('server_version') as v")
    const info = await redis.info('server')
    return { postgres: rows[0]?.v.split(' ')[0] ?? 'unknown', redis: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' }
  }
  return { stack, redis, db, collector, start, phaseEnv, versions, describeMix: () => describeMix(sender) }
}

/** Where a report goes: bench/results/<name>-<date-time>.md. */
export const resultFile = (name: string, started: Date) => join(root, 'bench/results', `${name}-${started.toISOString().slice(0, 16).replace(/[T:]/g, '-')}.md`)

/** The commit measured, and whether the services or packages differed from it. */
export function codeVersion(): string {
  const git = (...gitArgs: string[]) => execFileSync('git', gitArgs, { cwd: root, encoding: 'utf8' }).trim()
  try {
    const dirty = git('status', '--porcelain', '--', 'services', 'packages') !== ''
    return `commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes under services/ or packages/' : ''}`
  } catch {
    return 'unknown (not a git checkout)'
  }
}

/** The sender's payload pool in words: which events, and how many derive a deployment request. */
async function describeMix(sender: Omit<PhaseEnv['sender'], never>): Promise<string> {
  const { hooks } = sender
  const { deliveries } = await planDeliveries({ posts: sender.pool, hooks, random: seededRandom(sender.seed), duplicateShare: 0, deployingShare: sender.deployingShare, ownRepositories: true })
  const byEvent = new Map<string, number>()
  for (const delivery of deliveries) byEvent.set(delivery.event, (byEvent.get(delivery.event) ?? 0) + 1)
  const deriving = deliveries.filter((delivery) => delivery.expectedRequests > 0).length
  const events = [...byEvent].sort((a, b) => b[1] - a[1]).map(([event, n]) => `${event} ${Math.round((n / deliveries.length) * 100)} %`).join(', ')
  const size = Math.round(deliveries.reduce((sum, delivery) => sum + delivery.body.length, 0) / deliveries.length / 1000)
  return `a pool of ${deliveries.length} real payloads (average ${size} KB; each about a repository of its own, so that one environment sees a push at most every pool-length of sends and coalescing rarely holds one back) cycled in a seeded order (${events}); ${Math.round((deriving / deliveries.length) * 100)} % of them derive a deployment request (push to the default branch or deleting a branch, pull_request opened/synchronize/closed, release published), the rest are only stored. Signed with the secrets of ${hooks.length} hooks (${hooks.filter((hook) => hook.id).length} from the ingest's hook-secret registry, one the global WEBHOOK_SECRET); every send has a fresh X-GitHub-Delivery.`
}
