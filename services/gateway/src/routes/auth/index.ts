import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import callback from './callback.ts'
import login from './login.ts'
import logout from './logout.ts'
import session from './session.ts'

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(login)
  await app.register(callback)
  await app.register(logout)
  await app.register(session)
}
export default authRoutes
