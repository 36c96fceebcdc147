import type { IngestConfig } from '@gwm/config'
import { readHookSecrets, SecretBox } from '@gwm/queue'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { createLoadCache } from '../../lib/load-cache.ts'
import type { SecretSources } from '../../lib/verify-signature.ts'

declare module 'fastify' {
  interface FastifyInstance {
    secretSources: SecretSources
  }
}

/** `app.secretSources`: per-hook secrets from the registry (cached), WEBHOOK_SECRET, and the GitHub App's webhook secret. */
async function secretSources(app: FastifyInstance, { config, redis }: { config: IngestConfig; redis: Redis }) {
  const box = new SecretBox(config.SECRETS_KEY)
  const hookSecrets = createLoadCache((hookId: string) => readHookSecrets(redis, box, config.QUEUE_PREFIX, hookId), {
    ttlMs: config.SECRET_CACHE_TTL_MS,
    keep: (secrets) => secrets.length > 0,
  })
  const github = config.GITHUB_APP_ID !== undefined && config.GITHUB_APP_WEBHOOK_SECRET ? { id: String(config.GITHUB_APP_ID), secret: config.GITHUB_APP_WEBHOOK_SECRET } : undefined
  app.decorate('secretSources', { hookSecrets, fallbackSecret: config.WEBHOOK_SECRET, app: github })
}

export default fp(secretSources, { name: 'secret-sources' })
