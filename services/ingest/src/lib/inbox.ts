import { appendToInbox, type InboxBacklog, inboxBacklog } from '@gwm/queue'
import { HttpError } from '@gwm/runtime'
import type { Redis } from 'ioredis'
import { createBatcher } from './batcher.ts'
import type { Delivery } from './delivery.ts'
import { redisUnreachable } from './unavailable.ts'

export interface InboxOptions {
  /** The producer connection (fail fast, no offline queue). */
  redis: Redis
  prefix: string
  onBatch?: (size: number) => void
}

export interface Inbox {
  /** Resolves once Redis has stored the delivery (or already had it); rejects with a 503 HttpError. */
  append(delivery: Delivery): Promise<void>
  /** Deliveries in the inbox, not yet stored by a worker, and the age of the oldest. */
  backlog(): Promise<InboxBacklog>
}

/**
 * Where the ingest stores deliveries: the inbox, a Redis stream (@gwm/queue inbox.ts) that
 * the worker reads in batches and stores in Postgres. Deliveries verified in the same event-loop turn go to
 * Redis as one pipeline; each is answered only once Redis confirmed the whole pipeline.
 */
export function createInbox({ redis, prefix, onBatch }: InboxOptions): Inbox {
  const append = createBatcher<Delivery, boolean>((deliveries) => {
    onBatch?.(deliveries.length)
    // No deadline here: each request has its own (routes/webhook.ts), and the producer
    // connection's command timeout ends a batch Redis never answers.
    return appendToInbox(redis, prefix, deliveries)
  })

  return {
    async append(delivery) {
      // Fail at once rather than queue work behind a connection that is down.
      if (redis.status !== 'ready') throw redisUnreachable()
      try {
        await append(delivery)
      } catch (error) {
        if (error instanceof HttpError) throw error
        const failure = redisUnreachable()
        failure.cause = error
        throw failure
      }
    },
    backlog: () => inboxBacklog(redis, prefix),
  }
}
