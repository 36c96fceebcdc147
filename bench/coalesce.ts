// npm run bench:coalesce [-- --pushes 50 --within 1000 --stall 2000 --repositories 1,3
//                           --warmup 5 --drain 60 --quiet 3 --log-level warn]
//
// Coalescing under a burst: --pushes signed pushes to the default branch of one repository,
// sent open-loop within --within ms, while the platform receiver holds every answer --stall ms.
// With at most one callback in flight per (repository, environment) and newer requests
// superseding older ones not yet sent, the platform should get the first and the newest, in
// order, the rest superseded, nothing lost. Then the same with several repositories pushed at
// the same time (each entry of --repositories is one burst with that many repositories; each
// environment coalesces on its own). Real processes as in bench/e2e.ts: the ingest and the worker
// (their defaults: CALLBACK_TIMEOUT_MS 10 s), Redis, a fresh Postgres database, the platform
// receiver in this process. A warm-up burst (--warmup pushes to a repository of its own, not
// reported beyond a line) runs first, so the bursts measured meet a worker that has stored and
// sent before. Its own database and Redis prefix are removed at the end; every
// process it started is stopped, also on failure or Ctrl-C. Prints a Markdown report and writes
// bench/results/coalesce-<date-time>.md.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createRedis, waitForRedis } from '../packages/queue/src/index.ts'
import { closedPort } from '../packages/testkit/src/ports.ts'
import { deleteKeys } from '../packages/testkit/src/redis.ts'
import { createStack, FAST_WORKER } from '../tests/faults/lib/stack.ts'
import { coalesceReport, type MeasuredBurst } from './lib/coalesce-report.ts'
import { runBurst } from './lib/coalesce-scenario.ts'
import { duplicateRows } from './lib/e2e-store.ts'
import { startServer } from './lib/processes.ts'
import { Teardowns } from './lib/teardowns.ts'

const { values: args } = parseArgs({
  options: {
    pushes: { type: 'string', default: '50' },
    within: { type: 'string', default: '1000' },
    stall: { type: 'string', default: '2000' },
    repositories: { type: 'string', default: '1,3' },
    warmup: { type: 'string', default: '5' },
    drain: { type: 'string', default: '60' },
    quiet: { type: 'string', default: '3' },
    'log-level': { type: 'string', default: 'warn' },
  },
})
const PUSHES = Number(args.pushes)
const STALL_MS = Number(args.stall)
const BURSTS = args.repositories.split(',').map(Number)
const root = new URL('..', import.meta.url).pathname
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
// The testkit creates the benchmark's database on this server (never a container).
process.env.TEST_DATABASE_URL ??= process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const log = (line: string) => process.stderr.write(`bench:coalesce: ${line}\n`)
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ')

const started = new Date()
const loadAtStart = load()
const teardowns = new Teardowns()
teardowns.runOnSignals(log)
try {
  const stack = await createStack(teardowns, { redisUrl, ingests: 0, workers: 0, env: { LOG_LEVEL: args['log-level'] } })
  // The fault suite's short timeouts and small concurrency are for faults: the benchmark runs the defaults.
  for (const name of Object.keys(FAST_WORKER)) delete stack.env[name]
  const redis = createRedis(redisUrl, 'producer', 'bench')
  teardowns.teardown(() => redis.disconnect())
  await waitForRedis(redis)
  teardowns.teardown(() => deleteKeys(redis, stack.prefix))
  const db = new pg.Client({ connectionString: stack.databaseUrl })
  await db.connect()
  teardowns.teardown(() => db.end())

  const start = async (script: string) => {
    const port = await closedPort()
    const url = `http://127.0.0.1:${port}`
    const server = await startServer(join(root, script), { ...stack.env, PORT: String(port), HOST: '127.0.0.1' }, `${url}/readyz`, 200)
    teardowns.teardown(() => server.stop())
    return url
  }
  const ingest = await start('services/ingest/src/main.ts')
  await start('services/worker/src/main.ts')
  // A hook with its own secret in the ingest's registry (X-GitHub-Hook-ID), as GitHub sends them.
  const hook = stack.hooks.find((each) => each.id !== undefined) ?? stack.hooks[0]!

  const burst = (repositories: number[], pushes: number, withinMs: number) => {
    // The platform answers every callback after STALL_MS: scripted for more callbacks than the
    // burst can cause (one per request, and as many retries); what is left over holds the same.
    stack.receiver.stallNext(2 * pushes * repositories.length, STALL_MS)
    return runBurst(
      { target: ingest, repositories, pushes, withinMs, hook, stallMs: STALL_MS, drainMs: Number(args.drain) * 1000, quietMs: Number(args.quiet) * 1000 },
      { db, receiver: stack.receiver, log },
    )
  }

  const warmupPushes = Number(args.warmup)
  let warmup = 'none'
  if (warmupPushes > 0) {
    log(`warm-up: ${warmupPushes} pushes to a repository of its own`)
    const result = await burst([900_000_000], warmupPushes, 200)
    const statuses = [...Map.groupBy(result.requests, (request) => request.status)].map(([status, rows]) => `${rows.length} ${status}`).join(', ')
    warmup = `${warmupPushes} pushes to a repository of its own within 200 ms, ${result.pushes.filter((push) => push.status >= 200 && push.status < 300).length} answered 202, ${result.callbacks.length} callbacks, requests ${statuses}, settled ${result.settledMs === undefined ? 'not within the drain window' : `${(result.settledMs / 1000).toFixed(2)} s after the last 202`}`
  }

  const bursts: MeasuredBurst[] = []
  for (const [index, count] of BURSTS.entries()) {
    // Repositories of the burst's own: every environment starts at sequence 1.
    const repositories = Array.from({ length: count }, (_, i) => 900_000_000 + (index + 1) * 100 + i + 1)
    log(`${count} repositor${count === 1 ? 'y' : 'ies'}: ${PUSHES} pushes each within ${args.within} ms, every answer held ${STALL_MS} ms`)
    const result = await burst(repositories, PUSHES, Number(args.within))
    const callbacks = result.callbacks.map((callback) => `seq ${callback.sequence}`).join(', ')
    log(`${count} repositor${count === 1 ? 'y' : 'ies'}: callbacks ${callbacks}; requests ${result.requests.length}, superseded ${result.requests.filter((request) => request.status === 'superseded').length}`)
    bursts.push({ result, duplicateRows: await duplicateRows(db) })
  }

  const versions = await db.query<{ v: string }>("select current_setting('server_version') as v")
  const redisInfo = await redis.info('server')
  const report = coalesceReport(bursts, {
    started,
    loadAtStart,
    loadAtEnd: load(),
    postgres: versions.rows[0]?.v.split(' ')[0] ?? 'unknown',
    redis: /redis_version:(\S+)/.exec(redisInfo)?.[1] ?? 'unknown',
    logLevel: args['log-level'],
    warmup,
    runSeconds: (Date.now() - started.getTime()) / 1000,
    code: codeVersion(),
  })
  process.stdout.write(report)
  const file = join(root, 'bench/results', `coalesce-${started.toISOString().slice(0, 16).replace(/[T:]/g, '-')}.md`)
  writeFileSync(file, report)
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
