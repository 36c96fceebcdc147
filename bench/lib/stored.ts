import type { createRedis } from '../../packages/queue/src/index.ts'
import { deleteKeys } from '../../packages/testkit/src/redis.ts'

type Redis = ReturnType<typeof createRedis>

/** Where a server under test stores deliveries, as the benchmark counts them. */
export interface StoreView {
  /** What "stored" means for this server, for the report. */
  what: string
  clear(): Promise<void>
  count(): Promise<number>
  /** Of these delivery ids, how many are stored (job id = hook id - delivery id). */
  countAccepted(deliveryIds: string[]): Promise<number>
}

/** BullMQ jobs in the `events` queue's wait list (the straightforward server). */
export function queueStore(redis: Redis, prefix: string, hookId: number): StoreView {
  return {
    what: 'jobs in the events queue',
    clear: async () => void (await deleteKeys(redis, `${prefix}:events`)),
    count: () => redis.llen(`${prefix}:events:wait`),
    async countAccepted(deliveryIds) {
      let found = 0
      for (let i = 0; i < deliveryIds.length; i += 1000) {
        const pipeline = redis.pipeline()
        for (const id of deliveryIds.slice(i, i + 1000)) pipeline.exists(`${prefix}:events:${hookId}-${id}`)
        for (const [error, exists] of (await pipeline.exec()) ?? []) if (!error && exists === 1) found++
      }
      return found
    },
  }
}

/** Entries of the ingest's inbox stream, read back entry by entry (their `id` field). */
export function inboxStore(redis: Redis, prefix: string, hookId: number): StoreView {
  const stream = `${prefix}:inbox`
  return {
    what: 'entries in the inbox stream',
    clear: async () => void (await deleteKeys(redis, `${prefix}:inbox`)),
    count: () => redis.xlen(stream),
    async countAccepted(deliveryIds) {
      const stored = new Set<string>()
      // A few entries per read: with 1 MB payloads a large read is a large reply.
      const count = 20
      for (let start = '-'; ; ) {
        const entries = (await redis.xrange(stream, start, '+', 'COUNT', count)) as Array<[string, string[]]>
        for (const [, fields] of entries) stored.add(fields[fields.indexOf('id') + 1]!)
        if (entries.length < count) break
        start = `(${entries.at(-1)![0]}`
      }
      return deliveryIds.filter((id) => stored.has(`${hookId}-${id}`)).length
    },
  }
}
