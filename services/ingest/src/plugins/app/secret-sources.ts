import type { IngestConfig } from '@gwm/config'
import { readHookSecrets, SecretBox } from '@gwm/queue'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { createHookSecretCache } from '../../lib/hook-secret-cache.ts'
import type { SecretSources } from '../../lib/verify-signature.ts'

declare module 'fastify' {
  interface FastifyInstance {
    secretSources: SecretSources
  }
}

/** `app.secretSources`: per-hook secrets from the registry (cached), and WEBHOOK_SECRET. */
async function secretSources(app: FastifyInstance, { config, redis }: { config: IngestConfig; redis: Redis }) {
  const box = new SecretBox(config.SECRETS_KEY)
  const hookSecrets = createHookSecretCache((hookId) => readHookSecrets(redis, box, config.QUEUE_PREFIX, hookId), {
    ttlMs: config.SECRET_CACHE_TTL_MS,
  })
  app.decorate('secretSources', { hookSecrets, fallbackSecret: config.WEBHOOK_SECRET })
}

export default fp(secretSources, { name: 'secret-sources' })
