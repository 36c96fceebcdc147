import { addJob, createQueue, JOBS, type JobData, jobId, QUEUES } from '@gwm/queue'
import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'

export interface GatewayQueues {
  events: Queue
  /** Where a replayed event's callbacks are sent again (the worker delivers them). */
  callbacks: Queue
  /** Queues the platform's `user.provisioned` message; one job per GitHub account. */
  userProvisioned(data: JobData<'user-provisioned'>): Promise<void>
  /** Writes to GitHub the worker makes for deployments (App mode): Deployments, their statuses, preview comments. */
  githubWrites: Queue
  /** Queues the mirror of one platform status as a GitHub deployment status; job id = the status id, so once per status. */
  mirrorDeploymentStatus(data: JobData<'github-deployment-status'>): Promise<void>
}

/**
 * The queues the gateway produces to, on a connection shared with the rest of the app:
 * close() closes the queues, not the connection.
 */
export function createGatewayQueues(redis: Redis, prefix: string): GatewayQueues & { close(): Promise<void> } {
  const events = createQueue(JOBS['user-provisioned'].queue, redis, prefix)
  const callbacks = createQueue(QUEUES.callbacks, redis, prefix)
  const githubWrites = createQueue(QUEUES.githubWrites, redis, prefix)
  return {
    events,
    callbacks,
    userProvisioned: async (data) => {
      await addJob(events, 'user-provisioned', data, jobId('user-provisioned', data.githubId))
    },
    githubWrites,
    mirrorDeploymentStatus: async (data) => {
      await addJob(githubWrites, 'github-deployment-status', data, data.statusId)
    },
    close: async () => {
      await Promise.all([events.close(), callbacks.close(), githubWrites.close()])
    },
  }
}
