import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpError } from '@gwm/runtime'
import { frontendTarget } from '../../lib/auth/redirect.ts'
import { signInRateLimit } from '../../lib/auth/sign-in-limit.ts'
import { errors } from '../schemas.ts'
import { LoginQuery, redirectResponse } from './schemas.ts'

const login: FastifyPluginAsyncTypebox = async (app) => {
  const { config, loginStates: states } = app

  app.get('/auth/login', {
    config: { rateLimit: signInRateLimit(app.config) },
    schema: {
      operationId: 'login',
      tags: ['auth'],
      summary: 'Start GitHub sign-in',
      description: 'Redirects to GitHub\'s authorize page with a one-time state and a PKCE S256 challenge. ' +
        'Scopes: read:user, user:email, repo, admin:repo_hook.',
      querystring: LoginQuery,
      response: { 302: redirectResponse('To GitHub\'s authorize page'), ...errors(400, 429, 503) },
    },
  }, async (req, reply) => {
    const redirect = frontendTarget(req.query.redirect, config.FRONTEND_URL)
    if (redirect === null) {
      throw new HttpError(400, 'validation_failed', `querystring/redirect must stay on FRONTEND_URL (${config.FRONTEND_URL})`)
    }
    const state = await states.create().catch(() => {
      throw new HttpError(503, 'unavailable', 'sign-in is unavailable right now (Redis unreachable): try again shortly')
    })
    req.session.set('oauth', { state, redirect, startedAt: Date.now() })
    const url = await app.githubOAuth2.generateAuthorizationUri(req, reply)
    return reply.redirect(url)
  })
}
export default login
