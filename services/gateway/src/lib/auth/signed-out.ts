import type { Redis } from 'ioredis'

const key = (prefix: string, sid: string) => `${prefix}:signed-out:${sid}`

/**
 * Sessions signed out before their expiry, shared by every replica. The cookie itself cannot be
 * taken back from a browser (or from whoever copied it), so its id is refused until it expires.
 */
export interface SignedOutSessions {
  add(sid: string, expiresAtS: number): Promise<void>
  has(sid: string): Promise<boolean>
}

export function signedOutSessions(redis: Redis, prefix: string): SignedOutSessions {
  return {
    async add(sid, expiresAtS) {
      const ttlS = Math.max(1, Math.ceil(expiresAtS - Date.now() / 1000))
      await redis.set(key(prefix, sid), '1', 'EX', ttlS)
    },
    async has(sid) {
      return (await redis.exists(key(prefix, sid))) === 1
    },
  }
}
