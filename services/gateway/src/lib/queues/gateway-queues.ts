import { addJob, createQueue, JOBS, type JobData, jobId, QUEUES } from '@gwm/queue'
import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'

export interface GatewayQueues {
  events: Queue
  /** Where a replayed event's callbacks are sent again (the worker delivers them). */
  callbacks: Queue
  /** Queues the platform's `user.provisioned` message; one job per GitHub account. */
  userProvisioned(data: JobData<'user-provisioned'>): Promise<void>
}

/**
 * The queues the gateway produces to, on a connection shared with the rest of the app:
 * close() closes the queues, not the connection.
 */
export function createGatewayQueues(redis: Redis, prefix: string): GatewayQueues & { close(): Promise<void> } {
  const events = createQueue(JOBS['user-provisioned'].queue, redis, prefix)
  const callbacks = createQueue(QUEUES.callbacks, redis, prefix)
  return {
    events,
    callbacks,
    userProvisioned: async (data) => {
      await addJob(events, 'user-provisioned', data, jobId('user-provisioned', data.githubId))
    },
    close: async () => {
      await Promise.all([events.close(), callbacks.close()])
    },
  }
}
