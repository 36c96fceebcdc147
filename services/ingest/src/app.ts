import type { IngestConfig } from '@gwm/config'
import { pingRedis } from '@gwm/queue'
import { errorsPlugin, healthPlugin, loggerOptions, metricsPlugin } from '@gwm/runtime'
import Fastify, { type FastifyServerOptions } from 'fastify'
import type { Redis } from 'ioredis'

export interface IngestDeps {
  /** Producer connection (fail fast): enqueueing and the secret registry. */
  redis: Redis
}

export async function buildApp(config: IngestConfig, deps: IngestDeps, opts: FastifyServerOptions = {}) {
  const app = Fastify({ logger: loggerOptions('ingest', config.LOG_LEVEL), ...opts })
  await app.register(errorsPlugin)
  await app.register(metricsPlugin, { service: 'ingest' })
  await app.register(healthPlugin, { checks: { redis: () => pingRedis(deps.redis) } })
  return app
}
