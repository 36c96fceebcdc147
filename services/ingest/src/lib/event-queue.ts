import { createQueue, JOBS, QUEUES } from '@gwm/queue'
import { HttpError } from '@gwm/runtime'
import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'
import { createBatcher } from './batcher.ts'
import type { Delivery } from './delivery.ts'
import { redisUnreachable } from './unavailable.ts'

export interface EventQueueOptions {
  /** The producer connection (fail fast, no offline queue). */
  redis: Redis
  prefix: string
  onBatch?: (size: number) => void
}

export interface EventQueue {
  /** Resolves once Redis has stored the job (or already had it); rejects with a 503 HttpError. */
  enqueue(delivery: Delivery): Promise<string>
  depth(): Promise<Record<string, number>>
  close(): Promise<void>
}

const { options } = JOBS['github-event']

/**
 * The `events` queue as the ingest uses it: deliveries enqueued in the same event-loop turn
 * go to Redis as one Queue.addBulk (a single pipeline), each keeping its own job id.
 */
export function createEventQueue({ redis, prefix, onBatch }: EventQueueOptions): EventQueue {
  let closed = false
  let queue = openQueue()

  function openQueue(): Queue {
    const opened = createQueue(QUEUES.events, redis, prefix)
    // BullMQ reads the server version once per Queue; if that read fails, the Queue stays
    // unusable, so the next batch gets a fresh one.
    opened.waitUntilReady().catch(() => {
      if (queue === opened && !closed) queue = openQueue()
      opened.close().catch(() => {})
    })
    return opened
  }

  const addBatch = createBatcher<Delivery, string>(async (deliveries) => {
    onBatch?.(deliveries.length)
    const jobs = deliveries.map(({ jobId, data }) => ({ name: 'github-event', data, opts: { ...options, jobId } }))
    // No deadline here: each request has its own (routes/webhook.ts), and the producer
    // connection's command timeout ends a batch Redis never answers.
    const added = await queue.addBulk(jobs)
    return added.map((job) => job.id ?? '')
  })

  return {
    async enqueue(delivery) {
      // Fail at once rather than queue work behind a connection that is down.
      if (redis.status !== 'ready') throw redisUnreachable()
      try {
        return await addBatch(delivery)
      } catch (error) {
        if (error instanceof HttpError) throw error
        const failure = redisUnreachable()
        failure.cause = error
        throw failure
      }
    },
    depth: () => queue.getJobCounts('wait', 'active', 'delayed', 'failed'),
    close: () => {
      closed = true
      return queue.close()
    },
  }
}
