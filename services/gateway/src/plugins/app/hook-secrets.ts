import fp from 'fastify-plugin'
import { createHookSecretStore, type HookSecretStore } from '../../lib/webhooks/hook-secrets.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Generates, seals and publishes per-hook secrets. */
    hookSecrets: HookSecretStore
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  app.decorate('hookSecrets', createHookSecretStore(redis, config.SECRETS_KEY, config.QUEUE_PREFIX))
}, { name: 'hook-secrets' })
