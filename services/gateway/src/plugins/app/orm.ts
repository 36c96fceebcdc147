import type { EntityManager, MikroORM } from '@gwm/domain'
import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    orm: MikroORM
  }
  interface FastifyRequest {
    /** This request's own EntityManager (a fork): never share one across requests. */
    em: EntityManager
  }
}

export default fp<GatewayOptions>(async (app, { orm }) => {
  app.decorate('orm', orm)
  app.decorateRequest('em', null as unknown as EntityManager)
  app.addHook('onRequest', async (req) => {
    req.em = orm.em.fork()
  })
}, { name: 'orm' })
