import { addJob, createQueue, JOBS, jobId, type JobData } from '@gwm/queue'
import type { Queue } from 'bullmq'
import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../app.ts'

export interface GatewayQueues {
  events: Queue
  /** Queues the platform's `user.provisioned` message; one job per GitHub account. */
  userProvisioned(data: JobData<'user-provisioned'>): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    queues: GatewayQueues
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  const events = createQueue(JOBS['user-provisioned'].queue, redis, config.QUEUE_PREFIX)
  app.decorate('queues', {
    events,
    userProvisioned: async (data) => {
      await addJob(events, 'user-provisioned', data, jobId('user-provisioned', data.githubId))
    },
  } satisfies GatewayQueues)
  // The connection is shared with the rest of the app: close the queue, not the connection.
  app.addHook('onClose', () => events.close())
}, { name: 'queues' })
