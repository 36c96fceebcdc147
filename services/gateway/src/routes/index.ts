import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import adminRoutes from './admin/index.ts'
import authRoutes from './auth/index.ts'
import deploymentRoutes from './deployments/index.ts'
import docsRoutes from './docs/index.ts'
import eventRoutes from './events/index.ts'
import repoRoutes from './repos/index.ts'
import userRoutes from './user/index.ts'

/** Every route plugin takes what it needs from the decorators of plugins/app; none takes options. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(authRoutes)
  await app.register(userRoutes)
  await app.register(repoRoutes)
  await app.register(eventRoutes)
  await app.register(deploymentRoutes)
  await app.register(docsRoutes)
  await app.register(adminRoutes, { prefix: '/admin' })
}
export default routes
