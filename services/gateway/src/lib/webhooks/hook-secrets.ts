import { randomBytes } from 'node:crypto'
import { type HookSecrets, publishHookSecret, removeHookSecret, SecretBox } from '@gwm/queue'
import type { Redis } from 'ioredis'

export interface HookSecretStore {
  /** A fresh random per-hook secret (32 bytes, hex). */
  generate(): string
  /** Encrypts a hook's secret for a Postgres column (SECRETS_KEY, newest key first), bound to the hook. */
  seal(secret: string, hookId: number): string
  open(sealed: string, hookId: number): string
  /** Tells the ingest which secrets a delivery for this hook may be signed with. */
  publish(hookId: number, secrets: HookSecrets): Promise<void>
  remove(hookId: number): Promise<void>
}

/** Hook secrets sealed with SECRETS_KEY, published to the ingest's registry under QUEUE_PREFIX. */
export function createHookSecretStore(redis: Redis, secretsKey: readonly Buffer[], prefix: string): HookSecretStore {
  const box = new SecretBox(secretsKey)
  return {
    generate: () => randomBytes(32).toString('hex'),
    seal: (secret, hookId) => box.seal(secret, hookId),
    open: (sealed, hookId) => box.open(sealed, hookId),
    publish: (hookId, secrets) => publishHookSecret(redis, box, prefix, hookId, secrets),
    remove: (hookId) => removeHookSecret(redis, prefix, hookId),
  }
}
