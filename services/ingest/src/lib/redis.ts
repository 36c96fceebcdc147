import { createRedis } from '@gwm/queue'
import type { Redis } from 'ioredis'

/**
 * The ingest's producer connection: no offline queue, so a request fails at once while Redis
 * is away. Its command timeout is GitHub's own delivery timeout (10 s), long enough for a
 * 25 MB write; each request has its own, shorter deadline (routes/webhook.ts).
 */
export function connectRedis(url: string, name = 'ingest'): Redis {
  return createRedis(url, 'producer', name, { commandTimeout: 10_000 })
}
