// A push GitHub never sent: in GitHub App mode, with the missed-push reconciliation every few
// seconds on two workers, the platform receives exactly the request that push would have made,
// within one interval (plus the grace period a young head is given), and nothing twice.
import { randomUUID } from 'node:crypto'
import { createRedis, readInstallation, waitForRedis } from '@gwm/queue'
import pg from 'pg'
import t from 'tap'
import { startGitHubSimProcess } from './lib/github-sim-process.ts'
import { LogBook, sleep, until } from './lib/processes.ts'
import { startRedisServer } from './lib/redis-server.ts'
import { createStack } from './lib/stack.ts'

const INTERVAL_MS = 3_000
const GRACE_MS = 1_500
// A head is judged once it is older than the grace period, at the first run after that.
const WITHIN_MS = GRACE_MS + INTERVAL_MS + 2_000
const BUDGET_MS = 90_000

t.setTimeout(BUDGET_MS + 5_000)

type Callback = { data?: { sha?: string; reason?: string; environment?: string; repository?: { fullName?: string }; event?: { deliveryId?: string } } }

t.test('a push GitHub never sent reaches the platform once, within one interval', { timeout: BUDGET_MS }, async (t) => {
  const started = Date.now()
  const log = (message: string) => t.comment(`${((Date.now() - started) / 1000).toFixed(1)} s: ${message}`)
  const logs = new LogBook()
  const sim = await startGitHubSimProcess(t, logs)
  const app = await sim.app('gwm-local')
  const webhookSecret = `app-${randomUUID()}`
  const redis = await startRedisServer(t, { name: 'redis' })
  const stack = await createStack(t, {
    redisUrl: redis.url,
    logs,
    workers: 2,
    env: {
      GITHUB_APP_ID: String(app.id),
      GITHUB_APP_PRIVATE_KEY: app.privateKey,
      GITHUB_APP_WEBHOOK_SECRET: webhookSecret,
      GITHUB_API_URL: sim.apiUrl,
      RECONCILE_PUSHES_INTERVAL_MS: String(INTERVAL_MS),
      RECONCILE_GRACE_MS: String(GRACE_MS),
      RECONCILE_DELIVERIES_INTERVAL_MS: '0',
      RECONCILE_HOOKS_INTERVAL_MS: '0',
    },
  })
  const [ingest] = stack.ingests
  await sim.editApp('gwm-local', { webhookUrl: `${ingest!.url}/api/webhook`, webhookSecret })
  await Promise.all([ingest!.start(), ...stack.workers.map((worker) => worker.start())])
  const db = new pg.Client({ connectionString: stack.databaseUrl })
  await db.connect()
  t.teardown(() => db.end())
  const count = async (sql: string, values: unknown[] = []) => Number((await db.query<{ n: string }>(sql, values)).rows[0]!.n)

  const installed = await sim.install('gwm-local', { account: 'octocat', repositories: ['hello-world', 'private-notes'] })
  await until(async () => (await count('select count(*) as n from installations where id = $1', [installed.id])) === 1, 20_000, 'installation stored')
  // The ingest takes the App's deliveries once the installation is in its registry (and its cache, refreshed after a second, has it).
  const keys = createRedis(redis.url, 'producer', 'fault-test')
  t.teardown(() => keys.disconnect())
  await waitForRedis(keys, 10_000)
  await until(() => readInstallation(keys, stack.prefix, installed.id), 10_000, 'installation in the ingest registry')
  await sleep(1_100)
  const callbacks = () => stack.receiver.delivered().map((request) => request.body as Callback)

  // A baseline push to each repository, delivered as usual.
  const baselines = await Promise.all(['hello-world', 'private-notes'].map((repo) => sim.push(`octocat/${repo}`, { branch: 'main', commits: [{ message: `baseline ${randomUUID()}` }] })))
  await until(() => callbacks().length === 2, 20_000, 'baseline callbacks')
  log('baseline pushes delivered')

  // The fault: a push to main of hello-world whose delivery GitHub never sends.
  const missed = await sim.push('octocat/hello-world', { branch: 'main', commits: [{ message: `never sent ${randomUUID()}` }], undelivered: true })
  const pushedAt = Date.now()
  t.same(missed.deliveries, [], 'GitHub sent nothing')
  await until(() => callbacks().some((body) => body.data?.sha === missed.after), WITHIN_MS + 10_000, 'the missed push\'s callback')
  const ms = Date.now() - pushedAt
  log(`the missed push reached the platform ${ms} ms after it was made`)
  t.ok(ms <= WITHIN_MS, `within one interval after the grace period (${ms} ms; interval ${INTERVAL_MS} ms + grace ${GRACE_MS} ms)`)

  // Three more intervals on two workers: nothing more arrives.
  await sleep(3 * INTERVAL_MS)
  const bodies = callbacks()
  const reconciled = bodies.filter((body) => body.data?.sha === missed.after)
  t.equal(reconciled.length, 1, 'exactly one request for it')
  t.match(reconciled[0]!.data, { environment: 'production', reason: 'reconciled: production: push to main', repository: { fullName: 'octocat/hello-world' } })
  t.same(bodies.map((body) => body.data?.sha).sort(), [...baselines.map((b) => b.after), missed.after].sort(), 'the platform got the two baselines and the missed push, nothing else')
  const events = await count("select count(*) as n from webhook_events where source = 'reconciled'")
  t.equal(events, 1, 'one event made for it')
  const stored = await count("select count(*) as n from webhook_events where event = 'push'")
  log(`counts: 1 push never sent → ${events} reconciled event, ${reconciled.length} callback; platform: ${bodies.length} callbacks for ${stored} stored pushes (2 delivered by GitHub + 1 reconciled), 2 workers`)
})
