import { randomUUID } from 'node:crypto'
import { HttpError } from '@gwm/runtime'
import type { Redis } from 'ioredis'

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"
const RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"

/** What a holder can ask of its lock. */
export interface Lease {
  /** Throws 409 when the lock is no longer ours (it lapsed and another change took it): call it before each write. */
  ensureHeld(): Promise<void>
}

const lost = (repositoryId: number) =>
  new HttpError(409, 'busy', `the lock on the webhook of repository ${repositoryId} was lost to another change: retry in a moment`, { 'retry-after': '2' })

/**
 * One change at a time to a repository's webhook, across every replica: two set-ups racing
 * would otherwise each give GitHub a different secret. Keyed by the repository's GitHub id (a
 * rename does not make a second lock). The lock lasts ttlMs and is renewed every third of it
 * while the work runs, so a slow GitHub does not let it lapse; should it lapse anyway (Redis
 * lost it, the process stalled), ensureHeld fences the holder before its next write.
 */
async function withRepoLock<T>(redis: Redis, key: string, repositoryId: number, ttlMs: number, work: (lease: Lease) => Promise<T>): Promise<T> {
  const token = randomUUID()
  const taken = await redis.set(key, token, 'PX', ttlMs, 'NX').catch(() => {
    throw new HttpError(503, 'unavailable', 'webhook changes are unavailable right now (Redis unreachable): try again shortly')
  })
  if (taken !== 'OK') {
    throw new HttpError(409, 'busy', `another change to the webhook of repository ${repositoryId} is in progress: retry in a moment`, { 'retry-after': '2' })
  }
  const renewal = setInterval(() => void redis.eval(RENEW, 1, key, token, ttlMs).catch(() => undefined), Math.max(10, Math.floor(ttlMs / 3)))
  const lease: Lease = {
    async ensureHeld() {
      const holder = await redis.get(key).catch(() => {
        throw new HttpError(503, 'unavailable', 'webhook changes are unavailable right now (Redis unreachable): try again shortly')
      })
      if (holder !== token) throw lost(repositoryId)
    },
  }
  try {
    return await work(lease)
  } finally {
    clearInterval(renewal)
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined)
  }
}

/** withRepoLock bound to one Redis connection and key prefix. */
export type RepoLock = <T>(repositoryId: number, work: (lease: Lease) => Promise<T>) => Promise<T>

export const repoLock = (redis: Redis, prefix: string, { ttlMs = 30_000 }: { ttlMs?: number } = {}): RepoLock =>
  (repositoryId, work) => withRepoLock(redis, `${prefix}:hook-lock:${repositoryId}`, repositoryId, ttlMs, work)
