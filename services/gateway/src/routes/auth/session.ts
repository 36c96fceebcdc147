import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { errors } from '../schemas.ts'
import { SessionBody } from './schemas.ts'

const session: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/auth/session', {
    preHandler: app.requireUser,
    schema: {
      operationId: 'getSession',
      tags: ['auth'],
      summary: 'Who is signed in',
      description: 'The signed-in user and the CSRF token to send with state-changing requests; 401 when signed out.',
      security: SECURITY.user,
      response: { 200: SessionBody, ...errors(401, 429) },
    },
  }, async (req, reply) => {
    const { user } = signedIn(req)
    const loginAt = req.session.get('loginAt') ?? 0
    const maxAge = app.config.SESSION_MAX_AGE_S
    return reply.header('cache-control', 'no-store').send({
      user: {
        id: user.id,
        githubId: user.githubId,
        login: user.login,
        name: user.name ?? null,
        email: user.email ?? null,
        avatarUrl: user.avatarUrl ?? null,
      },
      csrfToken: reply.generateCsrf(),
      expiresAt: new Date((loginAt + maxAge) * 1000).toISOString(),
    })
  })
}
export default session
