import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { GatewayOptions } from '../app.ts'
import authRoutes from './auth/index.ts'
import docsRoutes from './docs/index.ts'
import eventRoutes from './events/index.ts'
import repoRoutes from './repos/index.ts'
import userRoutes from './user/index.ts'

const routes: FastifyPluginAsyncTypebox<GatewayOptions> = async (app, options) => {
  await app.register(authRoutes, options)
  await app.register(userRoutes)
  await app.register(repoRoutes, options)
  await app.register(eventRoutes, options)
  await app.register(docsRoutes)
}
export default routes
