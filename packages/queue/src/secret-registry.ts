import type { Redis } from 'ioredis'
import type { SecretBox } from './secret-box.ts'

/**
 * The hook-secret registry shared by gateway (writes when it sets a hook up or rotates its
 * secret) and ingest (reads, by X-GitHub-Hook-ID). Values are sealed with SECRETS_KEY.
 * One Redis hash per hook: current, during a rotation grace window previous + until, and while
 * a rotation waits for GitHub's answer its pending secret.
 */
export interface HookSecrets {
  current: string
  /** Still accepted until previousUntil (epoch ms). */
  previous?: string
  previousUntil?: number
  /** A rotation's new secret, which GitHub may already sign with: accepted until the rotation completes or is rolled back. */
  pending?: string
}

export const secretKey = (prefix: string, hookId: string | number) => `${prefix}:hook-secret:${hookId}`

/** A hook's registry hash, each secret sealed for this hook. */
export function hookSecretFields(box: SecretBox, hookId: string | number, secrets: HookSecrets): Record<string, string> {
  const fields: Record<string, string> = { current: box.seal(secrets.current, hookId) }
  if (secrets.previous && secrets.previousUntil) {
    fields.previous = box.seal(secrets.previous, hookId)
    fields.previousUntil = String(secrets.previousUntil)
  }
  if (secrets.pending) fields.pending = box.seal(secrets.pending, hookId)
  return fields
}

export async function publishHookSecret(redis: Redis, box: SecretBox, prefix: string, hookId: string | number, secrets: HookSecrets) {
  const key = secretKey(prefix, hookId)
  await redis.multi().del(key).hset(key, hookSecretFields(box, hookId, secrets)).exec()
}

export async function removeHookSecret(redis: Redis, prefix: string, hookId: string | number) {
  await redis.del(secretKey(prefix, hookId))
}

/** The secrets a delivery for hookId may be signed with right now (current first); [] if unknown. */
export async function readHookSecrets(redis: Redis, box: SecretBox, prefix: string, hookId: string | number, now = Date.now()): Promise<string[]> {
  const fields = await redis.hgetall(secretKey(prefix, hookId))
  if (!fields.current) return []
  const secrets = [box.open(fields.current, hookId)]
  if (fields.previous && Number(fields.previousUntil) > now) secrets.push(box.open(fields.previous, hookId))
  if (fields.pending) secrets.push(box.open(fields.pending, hookId))
  return secrets
}
