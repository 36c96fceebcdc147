import { inboxKeys } from '@gwm/queue'
import type { Redis } from 'ioredis'

/** What waits in the ingest's inbox: how many deliveries, and since when the oldest has. */
export interface InboxBacklog {
  depth: number
  oldest: { entryId: string; receivedAt: string; ageMs: number } | null
}

/**
 * Read from the Redis stream the ingest appends to and the worker's relay empties. A stream
 * entry's id starts with the Redis clock's milliseconds at the append: the entry's age needs
 * nothing else.
 */
export async function inboxBacklog(redis: Redis, prefix: string, now = Date.now()): Promise<InboxBacklog> {
  const stream = inboxKeys(prefix).stream
  const [depth, first] = await Promise.all([redis.xlen(stream), redis.xrange(stream, '-', '+', 'COUNT', 1)])
  const entryId = first[0]?.[0]
  if (entryId === undefined) return { depth, oldest: null }
  const appendedAt = Number(entryId.split('-')[0])
  return { depth, oldest: { entryId, receivedAt: new Date(appendedAt).toISOString(), ageMs: Math.max(0, now - appendedAt) } }
}
