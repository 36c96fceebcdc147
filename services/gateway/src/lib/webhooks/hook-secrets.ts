import { randomBytes } from 'node:crypto'
import { type HookSecrets, publishHookSecret, removeHookSecret, SecretBox } from '@gwm/queue'
import type { Redis } from 'ioredis'

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

/** Hook secrets sealed with SECRETS_KEY, published to the ingest's registry under QUEUE_PREFIX. */
export function createHookSecretStore(redis: Redis, secretsKey: readonly Buffer[], prefix: string): HookSecretStore {
  const box = new SecretBox(secretsKey)
  return {
    generate: () => randomBytes(32).toString('hex'),
    seal: (secret) => box.seal(secret),
    open: (sealed) => box.open(sealed),
    publish: (hookId, secrets) => publishHookSecret(redis, box, prefix, hookId, secrets),
    remove: (hookId) => removeHookSecret(redis, prefix, hookId),
  }
}
