import type { IngestConfig } from '@gwm/config'
import { type InstallationRecord, readInstallation } from '@gwm/queue'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { createLoadCache, type LoadCache } from '../../lib/load-cache.ts'

declare module 'fastify' {
  interface FastifyInstance {
    installations: LoadCache<InstallationRecord | undefined>
  }
}

/** `app.installations`: App mode's installation registry (the worker publishes it), cached like hook secrets. */
async function installations(app: FastifyInstance, { config, redis }: { config: IngestConfig; redis: Redis }) {
  app.decorate('installations', createLoadCache((id: string) => readInstallation(redis, config.QUEUE_PREFIX, Number(id)), { ttlMs: config.SECRET_CACHE_TTL_MS, keep: (record) => record !== undefined }))
}

export default fp(installations, { name: 'installations' })
