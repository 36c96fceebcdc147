import { loadWorkerConfig } from '@gwm/config'
import { createRedis } from '@gwm/queue'
import { closedPort, createTestOrm, createTestRedis, serviceEnv } from '@gwm/testkit'
import t, { type Test } from 'tap'
import { buildWorker } from '../src/app.ts'

async function start(t: Test, redisUrl: string) {
  const { orm, db } = await createTestOrm(t)
  const config = loadWorkerConfig(serviceEnv({ redisUrl, databaseUrl: db.url }))
  const redis = createRedis(config.REDIS_URL, 'worker')
  const worker = await buildWorker(config, { orm, redis })
  t.teardown(async () => {
    await worker.close()
    redis.disconnect()
  })
  return worker
}

t.test('the worker serves readyz 200 with Redis and Postgres up', async (t) => {
  const redis = await createTestRedis(t)
  const worker = await start(t, redis.url)
  const ready = await worker.http.inject('/readyz')
  t.equal(ready.statusCode, 200)
  t.same(ready.json().dependencies, { redis: 'up', postgres: 'up' })
})

t.test('readyz is 503 when Redis is unreachable', async (t) => {
  const worker = await start(t, `redis://127.0.0.1:${await closedPort()}`)
  const ready = await worker.http.inject('/readyz')
  t.equal(ready.statusCode, 503)
  t.same(ready.json().dependencies, { redis: 'down', postgres: 'up' })
})
