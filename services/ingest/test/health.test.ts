import { loadIngestConfig } from '@gwm/config'
import { createRedis } from '@gwm/queue'
import { metricsServer } from '@gwm/runtime'
import { closedPort, createTestRedis, serviceEnv } from '@gwm/testkit'
import t, { type Test } from 'tap'
import { buildApp } from '../src/app.ts'

async function start(t: Test, redisUrl: string, env: Record<string, string> = {}) {
  const config = loadIngestConfig(serviceEnv({ redisUrl, ...env }))
  const redis = createRedis(config.REDIS_URL, 'producer')
  const app = await buildApp(config, { redis })
  t.teardown(async () => {
    await app.close()
    redis.disconnect()
  })
  return app
}

t.test('healthz and readyz answer 200 with Redis up', async (t) => {
  const redis = await createTestRedis(t)
  const app = await start(t, redis.url)
  t.equal((await app.inject('/healthz')).statusCode, 200)
  const ready = await app.inject('/readyz')
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready', dependencies: { redis: 'up' } })
  t.match((await app.inject('/metrics')).body, /\ngwm_dependency_up\{dependency="redis",service="ingest"\} 1\n/, 'what readyz says, as a series')
})

t.test('readyz answers 503 when Redis is unreachable, healthz stays 200', async (t) => {
  const app = await start(t, `redis://127.0.0.1:${await closedPort()}`)
  const started = Date.now()
  const ready = await app.inject('/readyz')
  t.equal(ready.statusCode, 503)
  t.same(ready.json().dependencies, { redis: 'down' })
  t.ok(Date.now() - started < 2_000, 'answers within 2 s')
  t.equal((await app.inject('/healthz')).statusCode, 200)
  t.match((await app.inject('/metrics')).body, /\ngwm_dependency_up\{dependency="redis",service="ingest"\} 0\n/, 'the readiness alert\'s series says so too')
})

t.test('unknown routes answer a JSON 404', async (t) => {
  const redis = await createTestRedis(t)
  const app = await start(t, redis.url)
  const res = await app.inject('/nope')
  t.equal(res.statusCode, 404)
  t.same(res.json(), { error: 'not_found', message: 'no route for GET /nope' })
})

t.test('/metrics: on the public port by default, only on METRICS_PORT when it is set', async (t) => {
  const redis = await createTestRedis(t)
  const open = await start(t, redis.url)
  const scraped = await open.inject('/metrics')
  t.equal(scraped.statusCode, 200)
  t.match(scraped.body, /gwm_ingest_deliveries_total/)

  const apart = await start(t, redis.url, { METRICS_PORT: '9464' })
  const hidden = await apart.inject('/metrics')
  t.equal(hidden.statusCode, 404, 'not on the public port')
  t.same(hidden.json(), { error: 'not_found', message: 'no route for GET /metrics' })
  const metrics = metricsServer(apart.metrics)
  t.teardown(() => metrics.close())
  const own = await metrics.inject('/metrics')
  t.equal(own.statusCode, 200, 'on a port of its own')
  t.match(own.body, /# TYPE gwm_ingest_deliveries_total counter/)
  t.match(own.body, /service="ingest"/)
  t.equal((await metrics.inject('/api/webhook')).statusCode, 404, 'and nothing else there')
})
