import fp from 'fastify-plugin'
import { type LoginStates, loginStates } from '../../lib/auth/login-state.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** One-time OAuth states in Redis, shared by every replica. */
    loginStates: LoginStates
  }
}

export default fp<GatewayOptions>(async (app, { config, redis }) => {
  app.decorate('loginStates', loginStates(redis, config.QUEUE_PREFIX))
}, { name: 'login-states' })
