import type { WorkerConfig } from '@gwm/config'
import { type MikroORM, pingPostgres } from '@gwm/domain'
import { pingRedis } from '@gwm/queue'
import { errorsPlugin, healthPlugin, loggerOptions, metricsPlugin } from '@gwm/runtime'
import Fastify, { type FastifyServerOptions } from 'fastify'
import type { Redis } from 'ioredis'

export interface WorkerDeps {
  orm: MikroORM
  /** Blocking-consumer connection (maxRetriesPerRequest: null). */
  redis: Redis
}

/** The worker's processes plus the small HTTP server that exposes its health and metrics. */
export async function buildWorker(config: WorkerConfig, deps: WorkerDeps, opts: FastifyServerOptions = {}) {
  let draining = false
  const http = Fastify({ logger: loggerOptions('worker', config.LOG_LEVEL), ...opts })
  await http.register(errorsPlugin)
  await http.register(metricsPlugin, { service: 'worker' })
  await http.register(healthPlugin, {
    checks: { redis: () => pingRedis(deps.redis), postgres: () => pingPostgres(deps.orm) },
    isDraining: () => draining,
  })

  return {
    http,
    /** Stops taking jobs, lets in-flight ones finish, then closes the HTTP server. */
    async close() {
      draining = true
      await http.close()
    },
  }
}
