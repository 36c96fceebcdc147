import { loadGatewayConfig } from '@gwm/config'
import { createRedis, waitForRedis } from '@gwm/queue'
import { createTestOrm, createTestRedis, serviceEnv, type TestLike } from '@gwm/testkit'
import { buildApp } from '../../../services/gateway/src/app.ts'

/**
 * The gateway built in this process as its own tests build it: a fresh database, a Redis
 * prefix of its own, `env` over the defaults. Everything it opened is closed through `t`.
 */
export async function gatewayInProcess(t: TestLike, env: Record<string, string> = {}) {
  const [{ orm, db }, redis] = await Promise.all([createTestOrm(t), createTestRedis(t)])
  const config = loadGatewayConfig(serviceEnv({ redisUrl: redis.url, databaseUrl: db.url, prefix: redis.prefix, ...env }))
  const producer = createRedis(config.REDIS_URL, 'producer')
  await waitForRedis(producer)
  const app = await buildApp(config, { orm, redis: producer }, { logger: false })
  t.teardown(async () => {
    await app.close()
    producer.disconnect()
  })
  return app
}
