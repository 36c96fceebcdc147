import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'

interface CachedResponse<T> {
  etag: string
  body: T
}

export interface EtagCache {
  get<T>(scope: string, resource: string): Promise<CachedResponse<T> | null>
  set<T>(scope: string, resource: string, value: CachedResponse<T>): Promise<void>
}

/**
 * GitHub answers a conditional request (If-None-Match) that matches with 304, which does
 * not count against the rate limit. This keeps the last answer and its ETag per user and
 * URL in Redis, shared by every replica. A cache that cannot be reached is just a miss.
 */
export function etagCache(redis: Redis, prefix: string, ttlS = 3_600): EtagCache {
  const key = (scope: string, resource: string) =>
    `${prefix}:etag:${scope}:${createHash('sha256').update(resource).digest('base64url')}`
  return {
    async get<T>(scope: string, resource: string): Promise<CachedResponse<T> | null> {
      try {
        const raw = await redis.get(key(scope, resource))
        return raw ? (JSON.parse(raw) as CachedResponse<T>) : null
      } catch {
        return null
      }
    },
    async set<T>(scope: string, resource: string, value: CachedResponse<T>): Promise<void> {
      await redis.set(key(scope, resource), JSON.stringify(value), 'EX', ttlS).catch(() => undefined)
    },
  }
}
