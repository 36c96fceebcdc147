import type { IngestConfig } from '@gwm/config'
import { hookOfRepository, readHookEntry, SecretBox } from '@gwm/queue'
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

/** `app.secretSources`: per-hook secrets from the registry (cached), WEBHOOK_SECRET and the repositories it opens, and the GitHub App's webhook secret. */
async function secretSources(app: FastifyInstance, { config, redis }: { config: IngestConfig; redis: Redis }) {
  const box = new SecretBox(config.SECRETS_KEY)
  const hookSecrets = createLoadCache((hookId: string) => readHookEntry(redis, box, config.QUEUE_PREFIX, hookId), {
    ttlMs: config.SECRET_CACHE_TTL_MS,
    keep: (entry) => entry.secrets.length > 0,
  })
  if (config.WEBHOOK_SECRET && config.WEBHOOK_SECRET_REPOSITORY_IDS.length === 0) {
    app.log.warn('WEBHOOK_SECRET is set but WEBHOOK_SECRET_REPOSITORY_IDS is empty: WEBHOOK_SECRET verifies no delivery (list the repository ids it is for)')
  }
  const github = config.GITHUB_APP_ID !== undefined && config.GITHUB_APP_WEBHOOK_SECRET ? { id: String(config.GITHUB_APP_ID), secret: config.GITHUB_APP_WEBHOOK_SECRET } : undefined
  app.decorate('secretSources', {
    hookSecrets,
    fallbackSecret: config.WEBHOOK_SECRET,
    fallbackRepositories: new Set(config.WEBHOOK_SECRET_REPOSITORY_IDS),
    hookOfRepository: (repositoryId: number) => hookOfRepository(redis, config.QUEUE_PREFIX, repositoryId),
    app: github,
  })
}

export default fp(secretSources, { name: 'secret-sources' })
