import type { GatewayConfig } from '@gwm/config'
import { type MikroORM, pingPostgres } from '@gwm/domain'
import { pingRedis } from '@gwm/queue'
import { errorsPlugin, healthPlugin, loggerOptions, metricsPlugin } from '@gwm/runtime'
import Fastify, { type FastifyServerOptions } from 'fastify'
import type { Redis } from 'ioredis'

export interface GatewayDeps {
  orm: MikroORM
  /** Producer connection (fail fast): queues and the ingest's secret registry. */
  redis: Redis
}

export async function buildApp(config: GatewayConfig, deps: GatewayDeps, opts: FastifyServerOptions = {}) {
  const app = Fastify({ logger: loggerOptions('gateway', config.LOG_LEVEL), ...opts })
  await app.register(errorsPlugin)
  await app.register(metricsPlugin, { service: 'gateway' })
  await app.register(healthPlugin, {
    checks: { redis: () => pingRedis(deps.redis), postgres: () => pingPostgres(deps.orm) },
  })
  return app
}
