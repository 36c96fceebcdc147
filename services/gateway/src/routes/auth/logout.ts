import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpError } from '@gwm/runtime'
import Type from 'typebox'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'

const logout: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/auth/logout', {
    preHandler: app.requireUser,
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'logout',
      tags: ['auth'],
      summary: 'Sign out',
      description: 'Ends the session everywhere: the cookie is cleared, a copy of it is refused from now on, and GitHub ' +
        'is asked to revoke the session\'s token (when GitHub cannot be reached, the session still ends). ' +
        '503 when the sign-out cannot be recorded (Redis unreachable): still signed in, try again.',
      security: SECURITY.userWithCsrf,
      body: NoBody,
      response: { 204: Type.Null({ description: 'Signed out' }), ...errors(400, 401, 403, 429, 503) },
    },
  }, async (req, reply) => {
    const { githubToken } = signedIn(req)
    const sid = req.session.get('sid')!
    const loginAt = req.session.get('loginAt')!
    await app.signedOutSessions.add(sid, loginAt + app.config.SESSION_MAX_AGE_S).catch(() => {
      throw new HttpError(503, 'unavailable', 'sign-out is unavailable right now (Redis unreachable): you are still signed in, try again shortly')
    })
    // Only the message is logged: the error's request holds the token.
    await app.revokeGitHubToken(githubToken).catch((error: Error) =>
      req.log.warn({ userId: signedIn(req).user.id, reason: error.message }, 'sign-out: could not revoke the GitHub token'))
    req.session.delete()
    return reply.code(204).send(null)
  })
}
export default logout
