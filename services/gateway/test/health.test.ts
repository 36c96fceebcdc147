import { loadGatewayConfig } from '@gwm/config'
import { createRedis } from '@gwm/queue'
import { closedPort, createTestOrm, createTestRedis, serviceEnv } from '@gwm/testkit'
import t, { type Test } from 'tap'
import { buildApp } from '../src/app.ts'

async function start(t: Test, redisUrl: string) {
  const { orm, db } = await createTestOrm(t)
  const config = loadGatewayConfig(serviceEnv({ redisUrl, databaseUrl: db.url }))
  const redis = createRedis(config.REDIS_URL, 'producer')
  const app = await buildApp(config, { orm, redis })
  t.teardown(async () => {
    await app.close()
    redis.disconnect()
  })
  return app
}

t.test('readyz is 200 with Redis and Postgres up', async (t) => {
  const redis = await createTestRedis(t)
  const app = await start(t, redis.url)
  t.equal((await app.inject('/healthz')).statusCode, 200)
  const ready = await app.inject('/readyz')
  t.equal(ready.statusCode, 200)
  t.same(ready.json().dependencies, { redis: 'up', postgres: 'up' })
})

t.test('readyz is 503 and names Redis when Redis is unreachable', async (t) => {
  const app = await start(t, `redis://127.0.0.1:${await closedPort()}`)
  const ready = await app.inject('/readyz')
  t.equal(ready.statusCode, 503)
  t.same(ready.json().dependencies, { redis: 'down', postgres: 'up' })
})
