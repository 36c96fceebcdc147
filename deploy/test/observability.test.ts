import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadGatewayConfig, loadIngestConfig, loadWorkerConfig } from '@gwm/config'
import { createRedis, waitForRedis } from '@gwm/queue'
import { createPlatformReceiver, createTestOrm, createTestRedis, examples, serviceEnv, signedDelivery } from '@gwm/testkit'
import t from 'tap'
import { parse } from 'yaml'
import { buildApp as buildGateway } from '../../services/gateway/src/app.ts'
import { buildApp as buildIngest } from '../../services/ingest/src/app.ts'
import { connectRedis } from '../../services/ingest/src/lib/redis.ts'
import { buildWorker } from '../../services/worker/src/app.ts'

// The alert rules and the dashboard in deploy/observability name metrics by hand: each name must
// be one the services really export, or an alert never fires and a panel stays empty.
const here = (file: string) => fileURLToPath(new URL(`../observability/${file}`, import.meta.url))
const RULES = here('alerts.yaml')
const rules = parse(readFileSync(RULES, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }
interface Panel {
  title: string
  targets?: Array<{ expr: string }>
  panels?: Panel[]
}
const dashboard = JSON.parse(readFileSync(here('dashboard.json'), 'utf8')) as { panels: Panel[] }

const exprs = [
  ...rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr }))),
  ...dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]).flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `panel "${panel.title}"`, expr: target.expr }))),
]
const namesIn = (expr: string) => [...expr.matchAll(/\bgwm_[a-z0-9_]+\b/g)].map((match) => match[0])

// promtool is no npm package: Debian's `prometheus` package brings it (.ci/run installs it).
const noPromtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).error !== undefined
const skipRules = noPromtool && 'promtool is not on the PATH (apt-get install prometheus): the rules are not loaded here; their metric names are still checked below'

t.test('the rules load in Prometheus and each alert fires when it should', { skip: skipRules }, async (t) => {
  t.doesNotThrow(() => execFileSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' }), 'promtool check rules')
  const tested = spawnSync('promtool', ['test', 'rules', here('alerts.test.yaml')], { encoding: 'utf8' })
  t.equal(tested.status, 0, `promtool test rules: ${tested.stdout}${tested.stderr}`)
})

t.test('the alerts the issue asks for are there, each reading our series', async (t) => {
  const alerts = rules.groups.flatMap((group) => group.rules.map((rule) => rule.alert))
  t.same(alerts.sort(), ['GwmCallbacksFailing', 'GwmCallbacksGivenUp', 'GwmDeadLetters', 'GwmDependencyDown', 'GwmHookDisabled', 'GwmInboxBehind', 'GwmServiceAbsent'])
  for (const { where, expr } of exprs) t.ok(namesIn(expr).length > 0, `${where} reads a gwm_ series`)
})

/** The series families a /metrics page declares (a histogram as its _bucket, _sum and _count), and the names that have samples. */
function exported(page: string) {
  const declared = new Set<string>()
  const sampled = new Set<string>()
  for (const line of page.split('\n')) {
    const type = line.match(/^# TYPE (\S+) (\S+)$/)
    if (type) {
      const [, name, kind] = type as unknown as [string, string, string]
      if (kind === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) declared.add(name + suffix)
      else if (kind === 'summary') for (const suffix of ['', '_sum', '_count']) declared.add(name + suffix)
      else declared.add(name)
    } else if (line && !line.startsWith('#')) sampled.add(line.split(/[{ ]/)[0]!)
  }
  return { declared, sampled }
}

t.test('every metric the rules and the dashboard name is exported by a running service', async (t) => {
  // The three services in this process on one Redis and one database, as they run together.
  const [{ orm, db }, redis] = await Promise.all([createTestOrm(t), createTestRedis(t)])
  const secret = serviceEnv({}).DEPLOY_PLATFORM_SECRET!
  const platform = await createPlatformReceiver({ secret, t })
  const env = serviceEnv({
    redisUrl: redis.url,
    databaseUrl: db.url,
    prefix: redis.prefix,
    platformUrl: platform.url,
    DEPLOY_PLATFORM_SECRET: secret,
    WEBHOOK_SECRET: 'observability-test-secret',
    WEBHOOK_SECRET_REPOSITORY_IDS: '186853002',
    CALLBACK_BACKOFF_BASE_MS: '20',
    CALLBACK_BACKOFF_MAX_MS: '100',
  })
  const ingestRedis = connectRedis(redis.url)
  const workerRedis = createRedis(redis.url, 'worker')
  const gatewayRedis = createRedis(redis.url, 'producer')
  await Promise.all([waitForRedis(ingestRedis), waitForRedis(gatewayRedis)])
  const ingest = await buildIngest(loadIngestConfig(env), { redis: ingestRedis })
  const worker = await buildWorker(loadWorkerConfig(env), { orm, redis: workerRedis })
  const gatewayConfig = loadGatewayConfig(env)
  const gateway = await buildGateway(gatewayConfig, { orm, redis: gatewayRedis })
  t.teardown(async () => {
    await Promise.all([ingest.close(), worker.close(), gateway.close()])
    for (const connection of [ingestRedis, workerRedis, gatewayRedis]) connection.disconnect()
  })

  // A little traffic down the whole path: a push GitHub signed, its callback refused once (5xx)
  // then taken, and the platform reading the event back.
  platform.failNext(1, 503)
  const push = examples('push').find((payload) => payload.ref === 'refs/heads/master' && payload.deleted === false)!
  const sent = await signedDelivery({ event: 'push', payload: push, secret: 'observability-test-secret' })
  t.equal((await ingest.inject({ method: 'POST', url: '/api/webhook', headers: sent.headers, payload: sent.body })).statusCode, 202, 'the ingest accepts the push')
  await platform.waitFor((receiver) => receiver.delivered().length === 1, 15_000)
  const read = await gateway.inject({ url: `/api/events/${sent.deliveryId}`, headers: { authorization: `Bearer ${gatewayConfig.PLATFORM_API_TOKEN}` } })
  t.equal(read.statusCode, 200, 'the platform reads the event back')

  const pages = {
    ingest: (await ingest.inject('/metrics')).body,
    worker: (await worker.http.inject('/metrics')).body,
    gateway: (await gateway.inject('/metrics')).body,
  }
  const declared = new Set<string>()
  for (const [service, page] of Object.entries(pages)) {
    const found = exported(page)
    for (const name of found.declared) declared.add(name)
    const ours = [...found.declared].filter((name) => !/^(process|nodejs)_/.test(name))
    t.same(ours.filter((name) => !name.startsWith('gwm_')), [], `${service}: one prefix, gwm_, beside the process defaults`)
  }
  for (const { where, expr } of exprs) {
    for (const name of namesIn(expr)) t.ok(declared.has(name), `${where}: ${name} is exported`)
  }

  // The traffic made the path's labelled series, as the panels will show them.
  t.match(pages.ingest, /\ngwm_ingest_deliveries_total\{event="push",outcome="accepted",service="ingest"\} 1\n/)
  t.match(pages.ingest, /\ngwm_ingest_inbox_oldest_age_seconds\{service="ingest"\} 0\n/, 'the inbox emptied')
  t.match(pages.worker, /\ngwm_worker_events_total\{event="push",outcome="stored",service="worker"\} 1\n/)
  t.match(pages.worker, /\ngwm_worker_store_batch_size_count\{service="worker"\} [1-9]/)
  t.match(pages.worker, /\ngwm_worker_callback_attempts_total\{outcome="retry",status_class="5xx",service="worker"\} 1\n/)
  t.match(pages.worker, /\ngwm_worker_callback_attempts_total\{outcome="delivered",status_class="2xx",service="worker"\} 1\n/)
  t.match(pages.gateway, /\ngwm_http_request_duration_seconds_count\{[^}]*route="\/api\/events\/:deliveryId"[^}]*status_code="200"[^}]*\} 1\n/)
  for (const [service, page] of Object.entries(pages)) t.match(page, new RegExp(`\\ngwm_dependency_up\\{dependency="redis",service="${service}"\\} 1\\n`), `${service} ready`)
})
