import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'

/** A login must come back from GitHub within this many seconds. */
export const LOGIN_TTL_S = 600

const key = (prefix: string, state: string) => `${prefix}:oauth-state:${state}`

/**
 * One-time OAuth states, shared by every replica: created by /auth/login, consumed by the
 * first /auth/callback that presents them, so a replayed callback is refused.
 */
export interface LoginStates {
  create(): Promise<string>
  /** True the first time for a live state; false when unknown, expired or already used. */
  consume(state: string): Promise<boolean>
}

export function loginStates(redis: Redis, prefix: string): LoginStates {
  return {
    async create(): Promise<string> {
      const state = randomBytes(24).toString('base64url')
      await redis.set(key(prefix, state), '1', 'EX', LOGIN_TTL_S)
      return state
    },
    async consume(state: string): Promise<boolean> {
      return (await redis.del(key(prefix, state))) === 1
    },
  }
}
