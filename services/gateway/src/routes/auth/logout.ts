import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { SECURITY } from '../../lib/auth/security.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'

const logout: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/auth/logout', {
    preHandler: app.requireUser,
    preValidation: emptyBodyWhenNone,
    schema: {
      tags: ['auth'],
      summary: 'Sign out',
      description: 'Ends the session: the cookie (and the GitHub token in it) is cleared.',
      security: SECURITY.userWithCsrf,
      body: NoBody,
      response: { 204: Type.Null({ description: 'Signed out' }), ...errors(400, 401, 403, 429) },
    },
  }, async (req, reply) => {
    req.session.delete()
    return reply.code(204).send(null)
  })
}
export default logout
