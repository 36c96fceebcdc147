// One delivery, one trace: a push through the real ingest and worker processes, tracing to an
// OTLP/HTTP receiver, is followed from the ingest's request through the inbox, the store and the
// callback to the platform, under the traceparent GitHub's side sent, and no span says more than
// it should (no secret, no token, nothing of the payload). In GitHub App mode, the Deployment
// the worker writes to GitHub for it is part of the same trace.
import { randomBytes, randomUUID } from 'node:crypto'
import { createRedis, readInstallation, waitForRedis } from '@gwm/queue'
import { createOtlpReceiver, type ReceivedSpan } from '@gwm/testkit'
import pg from 'pg'
import t from 'tap'
import { planDeliveries, seededRandom } from './lib/github-sender.ts'
import { startGitHubSimProcess } from './lib/github-sim-process.ts'
import { LogBook, until } from './lib/processes.ts'
import { startRedisServer } from './lib/redis-server.ts'
import { createStack } from './lib/stack.ts'

t.setTimeout(240_000)

const DELIVERY_ID = 'gwm.delivery.id'
const TRACING = { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' }

/** Every string of the payload long enough to mean something (messages, shas, URLs, names). */
function payloadStrings(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string' && value.length >= 12) found.push(value)
  else if (Array.isArray(value)) for (const item of value) payloadStrings(item, found)
  else if (value && typeof value === 'object') for (const item of Object.values(value)) payloadStrings(item, found)
  return found
}

t.test('a push is one trace from the ingest through the store to the callback', async (t) => {
  const otlp = await createOtlpReceiver({ t })
  const redis = await startRedisServer(t, { name: 'redis' })
  const stack = await createStack(t, {
    redisUrl: redis.url,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, ...TRACING },
  })
  const [ingest] = stack.ingests
  const [worker] = stack.workers
  await Promise.all([ingest!.start(), worker!.start()])

  const { deliveries } = await planDeliveries({ posts: 3, hooks: stack.hooks.slice(1), random: seededRandom(21), duplicateShare: 0, deployingShare: 1 })
  const delivery = deliveries[0]!
  t.ok(delivery.expectedRequests > 0, `${delivery.event} derives a deployment request`)
  // The caller's trace: the ingest continues it rather than starting one.
  const traceId = randomBytes(16).toString('hex')
  const res = await fetch(`${ingest!.url}/api/webhook`, {
    method: 'POST',
    headers: { ...delivery.headers, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    body: delivery.body,
  })
  t.equal(res.status, 202, await res.text())

  await stack.receiver.waitFor((receiver) => receiver.delivered().length > 0, 30_000)
  const names = (spans: ReceivedSpan[]) => new Set(spans.filter((span) => span.traceId === traceId).map((span) => `${span.service} ${span.name}`))
  await otlp.waitFor((spans) => ['gwm-worker inbox.read', 'gwm-worker event.store', 'gwm-worker callback.attempt'].every((name) => names(spans).has(name)), 30_000)

  const ofDelivery = otlp.spans.filter((span) => span.attributes[DELIVERY_ID] === delivery.deliveryId)
  t.same([...new Set(ofDelivery.map((span) => span.traceId))], [traceId], 'every span naming the delivery is of the one trace the caller started')
  const services = new Set(ofDelivery.map((span) => `${span.service} ${span.name}`))
  t.ok([...services].some((name) => name.startsWith('gwm-ingest ')), `the ingest's request names the delivery (${[...services].join(', ')})`)
  for (const name of ['gwm-worker inbox.read', 'gwm-worker event.store', 'gwm-worker callback.attempt']) t.ok(services.has(name), `${name} names the delivery`)

  const trace = otlp.spans.filter((span) => span.traceId === traceId)
  t.comment(`the trace: ${trace.map((span) => `${span.service} ${span.name}`).join(' | ')}`)
  const ids = new Set(trace.map((span) => span.spanId))
  const attempt = trace.find((span) => span.name === 'callback.attempt')!
  t.ok(trace.some((span) => span.parentSpanId === attempt.spanId && span.service === 'gwm-worker'), 'the callback POST is a span of the attempt')
  const store = trace.find((span) => span.name === 'event.store')!
  t.ok(ids.has(store.parentSpanId!), 'the store continues a span of the ingest')

  const [callback] = stack.receiver.delivered()
  t.equal(callback!.traceparent?.split('-')[1], traceId, 'the platform is sent the traceparent of the delivery\'s trace')

  const db = new pg.Client({ connectionString: stack.databaseUrl })
  await db.connect()
  t.teardown(() => db.end())
  const { rows } = await db.query<{ traceparent: string | null }>('select traceparent from webhook_events where delivery_id = $1', [delivery.deliveryId])
  t.equal(rows[0]?.traceparent?.split('-')[1], traceId, 'the stored event keeps its trace')

  // Nothing secret and nothing of the payload in any span of any service.
  const forbidden = [...stack.secrets, delivery.body, ...payloadStrings(delivery.payload)]
  const leaks = otlp.spans.flatMap((span) =>
    Object.entries(span.attributes)
      .filter(([, value]) => forbidden.some((secret) => JSON.stringify(value).includes(JSON.stringify(secret).slice(1, -1))))
      .map(([key, value]) => `${span.service} ${span.name} ${key}=${JSON.stringify(value).slice(0, 80)}`),
  )
  t.same(leaks, [], `no attribute of the ${otlp.spans.length} spans holds a secret, a token or the payload`)

  // A traceparent that is not one (malformed, or the all-zero trace id) is ignored: the delivery is
  // accepted and stored as ever, in a trace of its own that the ingest starts.
  for (const [sent, traceparent] of [[deliveries[1]!, 'not-a-traceparent'], [deliveries[2]!, `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`]] as const) {
    const answer = await fetch(`${ingest!.url}/api/webhook`, { method: 'POST', headers: { ...sent.headers, traceparent }, body: sent.body })
    t.equal(answer.status, 202, `${traceparent}: accepted`)
    await otlp.waitFor((spans) => spans.some((span) => span.name === 'callback.attempt' && span.attributes[DELIVERY_ID] === sent.deliveryId), 30_000)
    const traces = new Set(otlp.spans.filter((span) => span.attributes[DELIVERY_ID] === sent.deliveryId).map((span) => span.traceId))
    t.equal(traces.size, 1, `${traceparent}: one trace`)
    t.match([...traces][0], /^(?!0{32})[0-9a-f]{32}$/, `${traceparent}: a trace id the ingest made`)
    const stored = await db.query<{ traceparent: string | null }>('select traceparent from webhook_events where delivery_id = $1', [sent.deliveryId])
    t.equal(stored.rows[0]?.traceparent?.split('-')[1], [...traces][0], `${traceparent}: the stored event keeps that trace`)
  }
})

t.test('GitHub App mode: the Deployment written to GitHub for a push joins its trace', async (t) => {
  const otlp = await createOtlpReceiver({ t })
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
      // Hook health would point the App's webhook back at WEBHOOK_URL (the stack's default port), away from this ingest.
      RECONCILE_HOOKS_INTERVAL_MS: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      ...TRACING,
    },
  })
  const [ingest] = stack.ingests
  const [worker] = stack.workers
  await sim.editApp('gwm-local', { webhookUrl: `${ingest!.url}/api/webhook`, webhookSecret })
  await Promise.all([ingest!.start(), worker!.start()])
  const installed = await sim.install('gwm-local', { account: 'octocat', repositories: ['hello-world'] })
  const keys = createRedis(redis.url, 'producer', 'trace-test')
  t.teardown(() => keys.disconnect())
  await waitForRedis(keys, 10_000)
  // The ingest accepts the App's deliveries for a repository once the worker has published its installation.
  await until(() => readInstallation(keys, stack.prefix, installed.id), 60_000, 'installation published to the ingest')

  const pushed = await sim.push('octocat/hello-world', { branch: 'main', commits: [{ message: `traced ${randomUUID()}` }] })
  const delivery = pushed.deliveries.find((candidate) => candidate.hookId === app.hookId)!
  await otlp.waitFor((spans) => spans.some((span) => span.name === 'callback.attempt' && span.attributes[DELIVERY_ID] === delivery.guid), 60_000)
  const traceId = otlp.spans.find((span) => span.attributes[DELIVERY_ID] === delivery.guid)!.traceId
  await otlp.waitFor((spans) => spans.some((span) => span.traceId === traceId && span.name === 'github.write'), 60_000)
  const write = otlp.spans.find((span) => span.traceId === traceId && span.name === 'github.write')!
  t.equal(write.attributes['gwm.job.name'], 'github-deployment', 'the Deployment\'s write is a span of the push\'s trace')
  // The Deployment is created with a POST to GitHub (the simulator), made inside the write's span.
  await otlp.waitFor((spans) => spans.some((span) => span.parentSpanId === write.spanId && span.name === 'POST'), 10_000)
  const children = otlp.spans.filter((span) => span.parentSpanId === write.spanId).map((span) => span.name)
  t.ok(children.includes('POST'), `its request to GitHub is its child (${children.join(', ')})`)
  const leaks = otlp.spans.flatMap((span) => Object.entries(span.attributes).filter(([, value]) => [...stack.secrets, webhookSecret].some((secret) => JSON.stringify(value).includes(secret))).map(([key]) => `${span.name} ${key}`))
  t.same(leaks, [], 'no attribute holds a secret')
})
