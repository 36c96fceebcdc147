import { createQueue, QUEUES } from '@gwm/queue'
import type { Queue } from 'bullmq'
import fp from 'fastify-plugin'
import { type InboxBacklog, inboxBacklog } from '../../lib/admin/inbox-backlog.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** What the operator pages (/admin) read: every queue of the catalog, and the ingest's inbox. */
    operations: { queues: Queue[]; inbox(): Promise<InboxBacklog> }
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  const queues = Object.values(QUEUES).map((name) => createQueue(name, redis, config.QUEUE_PREFIX))
  app.decorate('operations', { queues, inbox: () => inboxBacklog(redis, config.QUEUE_PREFIX) })
  // The connection is shared with the rest of the app: close the queues, not the connection.
  app.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close()))
  })
}, { name: 'operations' })
