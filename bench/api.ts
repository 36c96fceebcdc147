// npm run bench:api [-- --database-url postgres://…/gwm_big --visible 1000 --samples 40 --chains 4
//                     --depth 10 --details 200 --subscribers 1000 --messages 100 --rate 20 --seed 1]
//
// The events API against a filled database (npm run bench:fill): a real gateway process (its
// production entry point) on that database, a GitHub simulator in this process that lists
// --visible of the filled repositories as administered by the benchmark user, who signs in through
// it as a browser does. Measures every filter of GET /api/events and the combinations the console
// sends (first pages and pages deep through the cursor), an event's detail, and the live stream
// fanned out to --subscribers against one subscriber. Writes bench/results/api-<date-time>.md with
// the targets: list p99 < 50 ms, detail p99 < 20 ms, stream p99 added < 100 ms.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { startGitHubSim } from '../packages/github-sim/src/index.ts'
import { createRedis, waitForRedis } from '../packages/queue/src/index.ts'
import { serviceEnv } from '../packages/testkit/src/env.ts'
import { closedPort } from '../packages/testkit/src/ports.ts'
import { deleteKeys } from '../packages/testkit/src/redis.ts'
import { seededRandom } from '../tests/faults/lib/github-sender.ts'
import { measure } from './lib/api-measure.ts'
import { apiReport } from './lib/api-report.ts'
import { signIn } from './lib/api-sign-in.ts'
import { fanOut } from './lib/api-stream.ts'
import { fillTemplates } from './lib/fill-templates.ts'
import { startServer } from './lib/processes.ts'
import { Teardowns } from './lib/teardowns.ts'

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gwm_big' },
    visible: { type: 'string', default: '1000' },
    samples: { type: 'string', default: '40' },
    chains: { type: 'string', default: '4' },
    depth: { type: 'string', default: '10' },
    details: { type: 'string', default: '200' },
    subscribers: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '100' },
    rate: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    'log-level': { type: 'string', default: 'warn' },
  },
})
const root = new URL('..', import.meta.url).pathname
const redisUrl = process.env.REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const databaseUrl = args['database-url']
const log = (line: string) => process.stderr.write(`bench:api: ${line}\n`)
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ')
const USER = 'bench-admin'

const started = new Date()
const loadAtStart = load()
const teardowns = new Teardowns()
teardowns.runOnSignals(log)
try {
  const db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
  teardowns.teardown(() => db.end())
  const { rows: repositories } = await db.query<{ id: string; github_id: string; full_name: string }>(
    "select id, github_id, full_name from repositories where full_name like 'bench/repository-%' order by github_id",
  )
  if (repositories.length === 0) throw new Error(`${new URL(databaseUrl).pathname.slice(1)} holds no filled repositories: run npm run bench:fill first`)
  // Every k-th repository: busy and quiet ones alike (the fill makes the low numbers busy).
  const step = Math.max(1, Math.floor(repositories.length / Number(args.visible)))
  const visible = repositories.filter((_, i) => i % step === 0).slice(0, Number(args.visible))
  const range = (await db.query<{ from: Date; to: Date; partitioned: boolean; size: string; events: string }>(
    `select min(received_at) as from, max(received_at) as to,
       exists (select 1 from pg_partitioned_table where partrelid = 'webhook_events'::regclass) as partitioned,
       pg_size_pretty(pg_database_size(current_database())) as size,
       (select to_char(sum(c.reltuples), 'FM999,999,999,999') from pg_partition_tree('webhook_events') p join pg_class c on c.oid = p.relid where p.isleaf) as events
     from webhook_events`,
  )).rows[0]!
  const byEvent = Map.groupBy(await fillTemplates(), (template) => template.event)
  const events = [...byEvent].sort((a, b) => b[1].length - a[1].length).map(([event]) => event)

  const env = serviceEnv({ databaseUrl, redisUrl, prefix: `{api${randomBytes(4).toString('hex')}}`, LOG_LEVEL: args['log-level'] })
  const sim = await startGitHubSim({
    logger: false,
    seed: {
      authorizeAs: USER,
      users: [{ login: USER, id: 7_000_001 }],
      orgs: [{ login: 'bench', id: 7_000_002, members: { [USER]: 'admin' } }],
      oauthApps: [{ clientId: env.CLIENT_ID!, clientSecret: env.CLIENT_SECRET!, redirectUris: [env.REDIRECT_URI!] }],
      repos: visible.map((repository) => ({ owner: 'bench', name: repository.full_name.slice('bench/'.length), id: Number(repository.github_id), commits: [] })),
    },
  })
  teardowns.teardown(() => sim.close())
  const port = await closedPort()
  const gatewayUrl = `http://127.0.0.1:${port}`
  const gatewayEnv = {
    ...env,
    GITHUB_URL: sim.url,
    GITHUB_API_URL: sim.apiUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    // The benchmark is one client asking as fast as it can, and a thousand streams of one user.
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_RATE_LIMIT_MAX: '1000',
    EVENTS_STREAM_MAX_PER_USER: '1000',
    EVENTS_STREAM_MAX_PER_PROCESS: '5000',
  }
  const gateway = await startServer(join(root, 'services/gateway/src/main.ts'), gatewayEnv, `${gatewayUrl}/readyz`, 200)
  teardowns.teardown(() => gateway.stop())
  const redis = createRedis(redisUrl, 'producer', 'bench-api')
  teardowns.teardown(() => redis.disconnect())
  await waitForRedis(redis)
  teardowns.teardown(() => deleteKeys(redis, env.QUEUE_PREFIX!))

  const session = await signIn(gatewayUrl, USER)
  log(`signed in as ${USER}, who administers ${visible.length} of ${repositories.length} repositories; ${range.events} events in the database`)
  const values = { repositories: visible.map((repository) => repository.full_name), events, from: range.from, to: range.to }
  const options = { base: gatewayUrl, cookie: session.cookie, values, random: seededRandom(Number(args.seed)), log }
  log('warming up')
  await measure({ ...options, samples: 2, chains: 1, depth: 2, details: 10, log: () => {} })
  const measured = await measure({ ...options, samples: Number(args.samples), chains: Number(args.chains), depth: Number(args.depth), details: Number(args.details) })

  const streamOptions = { gatewayUrl, cookie: session.cookie, redis, prefix: env.QUEUE_PREFIX!, repositoryId: visible[0]!.id, messages: Number(args.messages), perSecond: Number(args.rate) }
  log('stream: 1 subscriber')
  const baseline = await fanOut({ ...streamOptions, subscribers: 1 })
  log(`stream: ${args.subscribers} subscribers`)
  const loaded = await fanOut({ ...streamOptions, subscribers: Number(args.subscribers) })
  log(`stream: p99 ${baseline.p99.toFixed(1)} ms with 1, ${loaded.p99.toFixed(1)} ms with ${loaded.subscribers} (after the first second: ${loaded.p99AfterFirstSecond.toFixed(1)} ms; ${loaded.deliveries} of ${loaded.expected} delivered)`)

  const postgres = (await db.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v.split(' ')[0] ?? 'unknown'
  const report = apiReport(measured, { baseline, loaded }, {
    started,
    loadAtStart,
    loadAtEnd: load(),
    postgres,
    database: { events: range.events, size: range.size, partitioned: range.partitioned, from: range.from.toISOString().slice(0, 10), to: range.to.toISOString().slice(0, 10) },
    visibleRepositories: visible.length,
    repositories: repositories.length,
    samples: Number(args.samples),
    chains: Number(args.chains),
    depth: Number(args.depth),
    code: codeVersion(),
  })
  process.stdout.write(report)
  const file = join(root, 'bench/results', `api-${started.toISOString().slice(0, 16).replace(/[T:]/g, '-')}.md`)
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
