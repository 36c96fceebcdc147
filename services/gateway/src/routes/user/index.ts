import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import profile from './profile.ts'
import repos from './repos.ts'

const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(profile)
  await app.register(repos)
}
export default userRoutes
