import { type ActivityEntry, type ActivityMessage, activityEntries, activitySince, activityStream, latestActivityId, publishActivity } from '@gwm/queue'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'

type ActivityListener = (entry: ActivityEntry) => void

/** How long one XREAD waits for news before it asks again. */
const BLOCK_MS = 5_000
/** Messages read at once, by the live reader and by a replay. */
const BATCH = 500

/**
 * One reader of the activity stream per gateway process, started when the first stream client
 * arrives, fanned out to every open stream in the stream's order. It reads on from the last entry
 * it delivered, so a Redis blip delays messages but loses none. The worker appends; see @gwm/queue
 * activity.ts.
 */
export interface ActivityFeed {
  /**
   * Resolves once the reader runs; from then on the listener gets every entry newer than what the
   * reader had delivered, which is never newer than `latest()` read afterwards. Call the returned
   * function to stop listening.
   */
  listen(listener: ActivityListener): Promise<() => void>
  /** The newest entry's id ("0-0" when none): a new stream sends it so that its client can resume. */
  latest(): Promise<string>
  /** What came after `after`, oldest first, page by page; `gap` when the stream no longer holds all of it. */
  since(after: string): Promise<{ gap: boolean; entries: ActivityEntry[]; latest: string }>
  /** Tells every replica's streams (fire and forget), as the worker does for what it stores and sends. */
  publish(message: ActivityMessage): void
  close(): void
}

export function createActivityFeed(redis: Redis, prefix: string, log: FastifyBaseLogger): ActivityFeed {
  const key = activityStream(prefix)
  const listeners = new Set<ActivityListener>()
  let reader: Redis | undefined
  let started: Promise<unknown> | undefined
  let closed = false

  async function run(connection: Redis, from: string) {
    let cursor = from
    while (!closed) {
      let batch: ActivityEntry[]
      try {
        const answer = (await connection.xread('COUNT', BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', key, cursor)) as Array<[string, Array<[string, string[]]>]> | null
        const raw = answer?.[0]?.[1] ?? []
        if (raw.length === 0) continue
        cursor = raw.at(-1)![0]
        batch = activityEntries(raw)
      } catch (err) {
        if (closed) return
        log.warn({ err }, 'activity feed: reading the stream failed, trying again')
        await new Promise((resolve) => setTimeout(resolve, 1_000))
        continue
      }
      for (const entry of batch) {
        for (const listener of listeners) {
          try {
            listener(entry)
          } catch (err) {
            log.warn({ err }, 'activity listener failed')
          }
        }
      }
    }
  }

  function start() {
    // A blocking reader waits for Redis as long as it takes, unlike the fail-fast producer it copies.
    const connection = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: 'gateway-activity' })
    connection.on('error', () => {})
    reader = connection
    started = latestActivityId(connection, prefix).then((from) => {
      void run(connection, from)
    })
    // A failed start is retried by the next stream client.
    started.catch(() => {
      started = undefined
      reader = undefined
      connection.disconnect()
    })
  }

  return {
    async listen(listener) {
      listeners.add(listener)
      if (!started) start()
      try {
        await started
      } catch (err) {
        listeners.delete(listener)
        throw err
      }
      return () => listeners.delete(listener)
    },
    latest: () => latestActivityId(redis, prefix),
    async since(after) {
      const entries: ActivityEntry[] = []
      for (let from = after; ;) {
        const page = await activitySince(redis, prefix, from, BATCH)
        if (page.gap) return { gap: true, entries: [], latest: page.latest }
        entries.push(...page.entries)
        if (page.next === null) return { gap: false, entries, latest: page.latest }
        from = page.next
      }
    },
    publish: (message) => publishActivity(redis, prefix, message),
    close() {
      closed = true
      listeners.clear()
      reader?.disconnect()
    },
  }
}
