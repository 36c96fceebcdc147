import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import openapi from './openapi.ts'
import redoc from './redoc.ts'

const docsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(openapi)
  await app.register(redoc)
}
export default docsRoutes
