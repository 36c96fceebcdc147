// Nothing silently missed: in GitHub App mode, with the delivery reconciliation every few
// seconds, deliveries lost after their 202 (deleted from Redis before a worker read them), a push
// made while the ingest was down (GitHub records a failed delivery) and a Redis restarted empty
// still reach the platform: exactly the requests they would have made, within one interval,
// nothing twice. And the ingest's hook-secret registry, lost with Redis, is rebuilt from Postgres.
import { createHmac, randomUUID } from 'node:crypto'
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { addJob, createQueue, createRedis, inboxKeys, QUEUES, readInstallation, SecretBox, secretKey, waitForRedis } from '@gwm/queue'
import pg from 'pg'
import t from 'tap'
import { startGitHubSimProcess } from './lib/github-sim-process.ts'
import { LogBook, sleep, until } from './lib/processes.ts'
import { startRedisServer } from './lib/redis-server.ts'
import { createStack } from './lib/stack.ts'

const INTERVAL_MS = 3_000
const GRACE_MS = 4_000
// The delivery log's times are whole seconds: a delivery is judged up to a second later than its age says.
const WITHIN_MS = INTERVAL_MS + GRACE_MS + 1_000 + 2_000
// (b): a run may judge the push while the ingest is still starting; its redelivery then fails too, and a later run asks again.
const WITHIN_RESTART_MS = WITHIN_MS + INTERVAL_MS + GRACE_MS
const BUDGET_MS = 110_000

t.setTimeout(BUDGET_MS + 5_000)

t.test('lost after 202, sent while the ingest was down, Redis restarted empty: all recovered once', { timeout: BUDGET_MS }, async (t) => {
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
    env: {
      GITHUB_APP_ID: String(app.id),
      GITHUB_APP_PRIVATE_KEY: app.privateKey,
      GITHUB_APP_WEBHOOK_SECRET: webhookSecret,
      GITHUB_API_URL: sim.apiUrl,
      RECONCILE_DELIVERIES_INTERVAL_MS: String(INTERVAL_MS),
      RECONCILE_GRACE_MS: String(GRACE_MS),
      RECONCILE_PUSHES_INTERVAL_MS: '0',
      RECONCILE_HOOKS_INTERVAL_MS: '0',
    },
  })
  const [ingest] = stack.ingests
  const [worker] = stack.workers
  await sim.editApp('gwm-local', { webhookUrl: `${ingest!.url}/api/webhook`, webhookSecret })
  await Promise.all([ingest!.start(), worker!.start()])
  const db = new pg.Client({ connectionString: stack.databaseUrl })
  await db.connect()
  t.teardown(() => db.end())
  const count = async (sql: string, values: unknown[] = []) => Number((await db.query<{ n: string }>(sql, values)).rows[0]!.n)

  // The App installed on two repositories; each push below goes to production of its repository.
  const installed = await sim.install('gwm-local', { account: 'octocat', repositories: ['hello-world', 'private-notes'] })
  await until(async () => (await count('select count(*) as n from installations where id = $1', [installed.id])) === 1, 20_000, 'installation stored')
  // The ingest accepts the App's deliveries for a repository once the worker has published the installation to it.
  const keys = createRedis(redis.url, 'producer', 'fault-test')
  t.teardown(() => keys.disconnect())
  await waitForRedis(keys, 10_000)
  await until(() => readInstallation(keys, stack.prefix, installed.id), 20_000, 'installation published to the ingest')
  const pushes: Array<{ guid: string; case: string }> = []
  const push = async (repo: string, label: string) => {
    const result = await sim.push(`octocat/${repo}`, { branch: 'main', commits: [{ message: `${label} ${randomUUID()}` }] })
    const delivery = result.deliveries.find((candidate) => candidate.hookId === app.hookId)!
    pushes.push({ guid: delivery.guid, case: label })
    return delivery
  }
  const callbackFor = (guid: string) => stack.receiver.delivered().find((request) => (request.body as { data?: { event?: { deliveryId?: string } } })?.data?.event?.deliveryId === guid)
  const recovered = async (label: string, guids: string[], since: number, within = WITHIN_MS) => {
    await until(() => guids.every(callbackFor), within + 10_000, `${label}: callbacks`)
    const ms = Date.now() - since
    log(`${label}: ${guids.length} push(es) reached the platform ${ms} ms after the fault ended`)
    t.ok(ms <= within, `${label}: recovered within ${within === WITHIN_MS ? 'one interval' : 'two intervals'} (${ms} ms; interval ${INTERVAL_MS} ms + grace ${GRACE_MS} ms)`)
    return ms
  }

  const baseline = await push('hello-world', 'baseline')
  await until(() => callbackFor(baseline.guid), 30_000, 'baseline callback').catch(async (error) => {
    const stored = await count('select count(*) as n from webhook_events where delivery_id = $1', [baseline.guid])
    const requests = (await db.query('select status, attempts, last_error from deployment_requests r join webhook_events e on e.id = r.event_id where e.delivery_id = $1', [baseline.guid])).rows
    t.comment(`baseline: ingest answered ${baseline.statusCode}, stored ${stored}, requests ${JSON.stringify(requests)}`)
    for (const name of ['ingest', 'worker']) t.comment(`${name} warnings: ${JSON.stringify(logs.problems(name))}; last lines: ${logs.tail(name)}`)
    throw error
  })
  log('baseline push delivered')

  // (a) Answered 202, then deleted from Redis before any worker read them.
  await worker!.stop()
  const lost = [await push('hello-world', 'lost after 202'), await push('private-notes', 'lost after 202')]
  t.same(lost.map((delivery) => delivery.statusCode), [202, 202], 'the ingest acknowledged both')
  const seen = await keys.keys(`${stack.prefix}:inbox:seen:*`)
  t.equal(await keys.xlen(inboxKeys(stack.prefix).stream), 2, 'both waiting in the inbox')
  await keys.del(inboxKeys(stack.prefix).stream, ...seen)
  await worker!.start()
  const aMs = await recovered('(a) lost after 202', lost.map((d) => d.guid), Date.now())

  // (b) A push while the ingest is down: GitHub records a failed delivery.
  await ingest!.stop()
  const refused = await push('hello-world', 'ingest down')
  t.not(refused.statusCode, 202, `GitHub recorded it as failed (${refused.status})`)
  await ingest!.start()
  const bMs = await recovered('(b) ingest down', [refused.guid], Date.now(), WITHIN_RESTART_MS)

  // (c) Redis restarted empty (no AOF) with an acknowledged push still in its inbox.
  await worker!.stop()
  const inRedis = await push('private-notes', 'Redis restarted empty')
  t.equal(inRedis.statusCode, 202)
  await redis.stop()
  for (const entry of readdirSync(redis.dir)) rmSync(join(redis.dir, entry), { recursive: true, force: true })
  await redis.start()
  await waitForRedis(keys, 10_000)
  t.equal(await keys.dbsize(), 0, 'Redis came back empty')
  await worker!.start()
  const cMs = await recovered('(c) Redis restarted empty', [inRedis.guid], Date.now())

  // Two more intervals: nothing is asked for twice, nothing more arrives.
  await sleep(2 * INTERVAL_MS)
  await sim.idle()
  const guids = pushes.map((p) => p.guid)
  const events = (await db.query<{ delivery_id: string; n: string }>('select delivery_id, count(*) as n from webhook_events where delivery_id = any($1) group by 1', [guids])).rows
  t.same(events.filter((row) => row.n !== '1'), [], 'no push stored twice')
  t.equal(events.length, pushes.length, `every push stored (${pushes.length})`)
  const callbacks = stack.receiver.delivered()
  const perDelivery = new Map<string, number>()
  for (const request of callbacks) {
    const id = (request.body as { data?: { event?: { deliveryId?: string } } })?.data?.event?.deliveryId ?? '(none)'
    perDelivery.set(id, (perDelivery.get(id) ?? 0) + 1)
  }
  t.same([...perDelivery.keys()].sort(), [...guids].sort(), 'the platform got a request for each push and nothing else')
  t.same([...perDelivery].filter(([, n]) => n !== 1), [], 'each exactly once')
  const asked = (await db.query<{ delivery_id: string; reason: string }>('select delivery_id, reason from redeliveries')).rows
  const byReason = (reason: string) => asked.filter((row) => row.reason === reason).map((row) => row.delivery_id).sort()
  t.same(byReason('missing'), [...lost.map((d) => d.guid), inRedis.guid].sort(), 'redelivered as missing: the lost ones')
  t.same(byReason('failed'), [refused.guid], 'redelivered as failed: the one the ingest missed')
  const attempts = await Promise.all(pushes.map(async (p) => (await sim.deliveries(p.guid)).map((attempt) => attempt.statusCode)))
  const asksFor = (label: string) => attempts.filter((_, i) => pushes[i]!.case === label).map((codes) => codes.length)
  t.same([...asksFor('baseline'), ...asksFor('lost after 202'), ...asksFor('Redis restarted empty')], [1, 2, 2, 2], 'GitHub was asked once per push lost after its 202')
  const down = attempts[pushes.findIndex((p) => p.case === 'ingest down')]!
  t.ok((down.length === 2 || down.length === 3) && down.at(-1) === 202 && down.slice(0, -1).every((code) => code !== 202), `the push the ingest missed: asked until one reached it (${down.join(', ')})`)
  log(`counts: (a) ${lost.length} lost after 202 → ${lost.length} redelivered, recovered in ${aMs} ms; (b) 1 refused while the ingest was down → 1 redelivered in ${bMs} ms; (c) 1 lost with Redis → 1 redelivered in ${cMs} ms; platform: ${callbacks.length} callbacks accepted for ${pushes.length} pushes`)

  // The hook-secret registry, lost with Redis, rebuilt from Postgres by the scheduled job.
  const box = new SecretBox(stack.env.SECRETS_KEY!.split(',').map((key) => Buffer.from(key, 'hex')))
  const hookId = 72_000_001
  const hookSecret = `hook-${randomUUID()}`
  const repository = (await db.query<{ id: string; github_id: string }>("select id, github_id from repositories where full_name = 'octocat/hello-world'")).rows[0]!
  await db.query('insert into webhooks (id, github_hook_id, repository_id, events, secret_encrypted, active, created_at, updated_at) values ($1, $2, $3, $4, $5, true, now(), now())', [randomUUID(), hookId, repository.id, ['push'], box.seal(hookSecret, hookId)])
  t.equal(await keys.exists(secretKey(stack.prefix, hookId)), 0, 'not in the registry (Redis lost it, or it was never published)')
  const signed = (body: string) => ({
    'content-type': 'application/json',
    'x-github-event': 'ping',
    'x-github-delivery': randomUUID(),
    'x-github-hook-id': String(hookId),
    'x-hub-signature-256': `sha256=${createHmac('sha256', hookSecret).update(body).digest('hex')}`,
  })
  // A ping as GitHub sends it for a repository hook: about the hook's own repository.
  const ping = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: hookId, hook: { id: hookId, type: 'Repository' }, repository: { id: Number(repository.github_id), full_name: 'octocat/hello-world' } })
  const before = await fetch(`${ingest!.url}/api/webhook`, { method: 'POST', headers: signed(ping), body: ping })
  t.equal(before.status, 401, 'a signed delivery is refused while the registry lacks its hook')
  const reconcile = createQueue(QUEUES.reconcile, keys, stack.prefix)
  t.teardown(() => reconcile.close())
  await addJob(reconcile, 'rebuild-secret-registry', {}, `rebuild-${randomUUID()}`)
  await until(async () => (await keys.exists(secretKey(stack.prefix, hookId))) === 1, 10_000, 'registry rebuilt')
  await sleep(1_100) // the ingest reads a refused hook's secrets again after a second
  const after = await fetch(`${ingest!.url}/api/webhook`, { method: 'POST', headers: signed(ping), body: ping })
  t.equal(after.status, 202, 'accepted again once the job rebuilt the registry')
  log('done')
})
