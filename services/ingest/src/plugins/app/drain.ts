import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    isDraining(): boolean
  }
}

/**
 * Graceful shutdown: once close() starts, /readyz reports draining and every response still
 * being sent carries `Connection: close`, so kept-alive connections end with their last
 * in-flight delivery instead of holding the server open.
 */
async function drain(app: FastifyInstance) {
  let draining = false
  app.decorate('isDraining', () => draining)
  app.addHook('preClose', async () => {
    draining = true
  })
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (draining) reply.header('connection', 'close')
    done(null, payload)
  })
}

export default fp(drain, { name: 'drain' })
