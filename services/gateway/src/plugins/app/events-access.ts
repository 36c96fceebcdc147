import fp from 'fastify-plugin'
import { createEventsAccess, type EventsAccess } from '../../lib/events/access.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Which repositories' events a request's caller may read. */
    eventsAccess: EventsAccess
  }
}

export default fp(async (app) => {
  app.decorate('eventsAccess', createEventsAccess(app.github, app.config.EVENTS_ACCESS_TTL_MS))
}, { name: 'events-access', dependencies: ['config', 'github'] })
