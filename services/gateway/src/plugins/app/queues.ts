import fp from 'fastify-plugin'
import { createGatewayQueues, type GatewayQueues } from '../../lib/queues/gateway-queues.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    queues: GatewayQueues
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  const { close, ...queues } = createGatewayQueues(redis, config.QUEUE_PREFIX)
  app.decorate('queues', queues)
  // The connection is shared with the rest of the app: close the queues, not the connection.
  app.addHook('onClose', close)
}, { name: 'queues' })
