import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { operatorGate } from '../../lib/admin/operator-gate.ts'
import failed from './failed.ts'
import inbox from './inbox.ts'
import overview from './overview.ts'
import queues from './queues.ts'

/**
 * The operator pages under /admin, behind HTTP basic auth with PASSWORD. Without PASSWORD they
 * are not registered at all: every /admin path is the JSON 404.
 */
const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const password = app.config.PASSWORD
  if (password === undefined) return
  app.addHook('onRequest', operatorGate(password))
  await app.register(overview)
  await app.register(inbox)
  await app.register(failed)
  await app.register(queues, { prefix: '/queues' })
}
export default adminRoutes
