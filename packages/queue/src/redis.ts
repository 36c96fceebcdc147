import { Redis, type RedisOptions } from 'ioredis'

/**
 * Two kinds of connection, per BullMQ's production guide:
 * - producer (HTTP handlers that enqueue): fail fast so a request can answer 503 instead of
 *   hanging while Redis is away;
 * - worker (blocking consumers): retry forever, BullMQ requires maxRetriesPerRequest: null.
 */
export type RedisRole = 'producer' | 'worker'

export function redisOptions(role: RedisRole): RedisOptions {
  const base: RedisOptions = {
    lazyConnect: false,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  }
  return role === 'producer'
    ? { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2_000 }
    : { ...base, enableOfflineQueue: true, maxRetriesPerRequest: null }
}

/** `overrides` adjusts the role's options (e.g. a longer commandTimeout for large writes). */
export function createRedis(url: string, role: RedisRole, name?: string, overrides: RedisOptions = {}): Redis {
  const redis = new Redis(url, { ...redisOptions(role), ...(name ? { connectionName: name } : {}), ...overrides })
  // Without a listener ioredis prints every reconnect error as an unhandled 'error' event.
  redis.on('error', () => {})
  return redis
}

/** Resolves once the connection is ready, or rejects after timeoutMs. */
export async function waitForRedis(redis: Redis, timeoutMs = 5_000): Promise<void> {
  if (redis.status === 'ready') return
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup()
      reject(new Error(`Redis not ready after ${timeoutMs} ms`))
    }, timeoutMs)
    const onReady = () => {
      cleanup()
      resolve()
    }
    const cleanup = () => {
      clearTimeout(timer)
      redis.off('ready', onReady)
    }
    redis.on('ready', onReady)
  })
}

/** PING with a deadline: what /readyz uses. */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  try {
    const pong = await Promise.race([
      // A producer connection refuses commands until connected: give it the same deadline.
      waitForRedis(redis, timeoutMs).then(() => redis.ping()),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
      }),
    ])
    return pong === 'PONG'
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}
