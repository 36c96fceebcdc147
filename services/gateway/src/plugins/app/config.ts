import type { GatewayConfig } from '@gwm/config'
import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** The gateway's configuration, read once at start-up. */
    config: GatewayConfig
  }
}

export default fp<GatewayOptions>(async (app, { config }) => {
  app.decorate('config', config)
}, { name: 'config' })
