import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { GatewayOptions } from '../../app.ts'
import callback from './callback.ts'
import login from './login.ts'
import logout from './logout.ts'
import session from './session.ts'

const authRoutes: FastifyPluginAsyncTypebox<GatewayOptions> = async (app, options) => {
  await app.register(login, options)
  await app.register(callback, options)
  await app.register(logout)
  await app.register(session)
}
export default authRoutes
