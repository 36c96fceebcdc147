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
  /**
   * The GitHub id of the hook's repository: the ingest refuses a delivery about another one, and
   * WEBHOOK_SECRET for this one. Absent only in entries published before hooks were bound.
   */
  repositoryId?: number
}

export const secretKey = (prefix: string, hookId: string | number) => `${prefix}:hook-secret:${hookId}`

/** Which hook of ours each repository has (repository id → hook id): WEBHOOK_SECRET does not open those repositories. */
export const hookRepositoriesKey = (prefix: string) => `${prefix}:hook-secret:repositories`

/** A hook's registry hash, each secret sealed for this hook. */
export function hookSecretFields(box: SecretBox, hookId: string | number, secrets: HookSecrets): Record<string, string> {
  const fields: Record<string, string> = { current: box.seal(secrets.current, hookId) }
  if (secrets.previous && secrets.previousUntil) {
    fields.previous = box.seal(secrets.previous, hookId)
    fields.previousUntil = String(secrets.previousUntil)
  }
  if (secrets.pending) fields.pending = box.seal(secrets.pending, hookId)
  if (secrets.repositoryId !== undefined) fields.repositoryId = String(secrets.repositoryId)
  return fields
}

export async function publishHookSecret(redis: Redis, box: SecretBox, prefix: string, hookId: string | number, secrets: HookSecrets) {
  const key = secretKey(prefix, hookId)
  const write = redis.multi().del(key).hset(key, hookSecretFields(box, hookId, secrets))
  if (secrets.repositoryId !== undefined) write.hset(hookRepositoriesKey(prefix), String(secrets.repositoryId), String(hookId))
  await write.exec()
}

// KEYS: the hook's hash, the repositories' hash. ARGV: the hook id. Its repository's entry goes
// too, unless it names a newer hook of that repository by now.
const REMOVE = `
local repository = redis.call('HGET', KEYS[1], 'repositoryId')
redis.call('DEL', KEYS[1])
if repository and redis.call('HGET', KEYS[2], repository) == ARGV[1] then redis.call('HDEL', KEYS[2], repository) end`

export async function removeHookSecret(redis: Redis, prefix: string, hookId: string | number) {
  await redis.eval(REMOVE, 2, secretKey(prefix, hookId), hookRepositoriesKey(prefix), String(hookId))
}

/** What the registry says of a hook: the secrets a delivery may be signed with right now (current first; [] if unknown), and its repository. */
export interface HookEntry {
  secrets: string[]
  repositoryId: number | undefined
}

export async function readHookEntry(redis: Redis, box: SecretBox, prefix: string, hookId: string | number, now = Date.now()): Promise<HookEntry> {
  const fields = await redis.hgetall(secretKey(prefix, hookId))
  if (!fields.current) return { secrets: [], repositoryId: undefined }
  const secrets = [box.open(fields.current, hookId)]
  if (fields.previous && Number(fields.previousUntil) > now) secrets.push(box.open(fields.previous, hookId))
  if (fields.pending) secrets.push(box.open(fields.pending, hookId))
  return { secrets, repositoryId: fields.repositoryId === undefined ? undefined : Number(fields.repositoryId) }
}

/** The secrets a delivery for hookId may be signed with right now (current first); [] if unknown. */
export async function readHookSecrets(redis: Redis, box: SecretBox, prefix: string, hookId: string | number, now = Date.now()): Promise<string[]> {
  return (await readHookEntry(redis, box, prefix, hookId, now)).secrets
}

/** The hook of ours a repository has, if the registry knows one. */
export async function hookOfRepository(redis: Redis, prefix: string, repositoryId: number): Promise<string | undefined> {
  return (await redis.hget(hookRepositoriesKey(prefix), String(repositoryId))) ?? undefined
}
