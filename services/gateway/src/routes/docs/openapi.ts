import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

const openapi: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/openapi.json', { schema: { hide: true }, config: { rateLimit: false } }, async () => app.swagger())
}
export default openapi
