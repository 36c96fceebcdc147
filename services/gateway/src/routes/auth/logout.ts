import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { SECURITY } from '../../plugins/app/auth.ts'
import { errors } from '../schemas.ts'

const logout: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/auth/logout', {
    preHandler: app.requireUser,
    schema: {
      tags: ['auth'],
      summary: 'Sign out',
      description: 'Ends the session: the cookie (and the GitHub token in it) is cleared.',
      security: SECURITY.userWithCsrf,
      response: { 204: Type.Null({ description: 'Signed out' }), ...errors(401, 403, 429) },
    },
  }, async (req, reply) => {
    req.session.delete()
    return reply.code(204).send(null)
  })
}
export default logout
