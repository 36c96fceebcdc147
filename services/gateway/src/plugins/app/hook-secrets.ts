import { randomBytes } from 'node:crypto'
import { type HookSecrets, SecretBox, publishHookSecret, removeHookSecret } from '@gwm/queue'
import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../app.ts'

export interface HookSecretStore {
  /** A fresh random per-hook secret (32 bytes, hex). */
  generate(): string
  /** Encrypts a secret for a Postgres column (SECRETS_KEY, newest key first). */
  seal(secret: string): string
  open(sealed: string): string
  /** Tells the ingest which secrets a delivery for this hook may be signed with. */
  publish(hookId: number, secrets: HookSecrets): Promise<void>
  remove(hookId: number): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    hookSecrets: HookSecretStore
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  const box = new SecretBox(config.SECRETS_KEY)
  app.decorate('hookSecrets', {
    generate: () => randomBytes(32).toString('hex'),
    seal: (secret) => box.seal(secret),
    open: (sealed) => box.open(sealed),
    publish: (hookId, secrets) => publishHookSecret(redis, box, config.QUEUE_PREFIX, hookId, secrets),
    remove: (hookId) => removeHookSecret(redis, config.QUEUE_PREFIX, hookId),
  } satisfies HookSecretStore)
}, { name: 'hook-secrets' })
