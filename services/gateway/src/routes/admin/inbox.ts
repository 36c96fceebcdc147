import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

/** GET /admin/inbox: the deliveries waiting in the ingest's inbox, and the oldest one's age. */
const inbox: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/inbox', { schema: { hide: true } }, async () => app.operations.inbox())
}
export default inbox
