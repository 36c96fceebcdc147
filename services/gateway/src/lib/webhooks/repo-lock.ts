import { randomUUID } from 'node:crypto'
import { HttpError } from '@gwm/runtime'
import type { Redis } from 'ioredis'

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/**
 * One change at a time to a repository's webhook, across every replica: two set-ups racing
 * would otherwise each give GitHub a different secret.
 */
async function withRepoLock<T>(redis: Redis, prefix: string, fullName: string, work: () => Promise<T>): Promise<T> {
  const key = `${prefix}:hook-lock:${fullName.toLowerCase()}`
  const token = randomUUID()
  const taken = await redis.set(key, token, 'PX', 30_000, 'NX').catch(() => {
    throw new HttpError(503, 'unavailable', 'webhook changes are unavailable right now (Redis unreachable): try again shortly')
  })
  if (taken !== 'OK') {
    throw new HttpError(409, 'busy', `another change to the webhook of ${fullName} is in progress: retry in a moment`, { 'retry-after': '2' })
  }
  try {
    return await work()
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined)
  }
}

/** withRepoLock bound to one Redis connection and key prefix. */
export type RepoLock = <T>(fullName: string, work: () => Promise<T>) => Promise<T>

export const repoLock = (redis: Redis, prefix: string): RepoLock => (fullName, work) => withRepoLock(redis, prefix, fullName, work)
