import { timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpError } from '@gwm/runtime'
import { LOGIN_TTL_S } from '../../lib/auth/login-state.ts'
import { accessTokenOf, tokenExchangeError } from '../../lib/auth/oauth-errors.ts'
import { signIn } from '../../lib/auth/session.ts'
import { forgetNewUser, upsertUser } from '../../lib/auth/users.ts'
import { signInRateLimit } from '../../lib/auth/sign-in-limit.ts'
import { errors } from '../schemas.ts'
import { CallbackQuery, redirectResponse } from './schemas.ts'

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

const withParam = (url: string, name: string, value: string) => {
  const target = new URL(url)
  target.searchParams.set(name, value)
  return target.toString()
}

const invalidState = (message: string) => new HttpError(400, 'invalid_state', `${message}: start again at /auth/login`)

const callback: FastifyPluginAsyncTypebox = async (app) => {
  const { loginStates: states } = app

  app.get('/auth/callback', {
    config: { rateLimit: signInRateLimit(app.config) },
    schema: {
      operationId: 'loginCallback',
      tags: ['auth'],
      summary: 'Finish GitHub sign-in',
      description: 'Where GitHub sends the browser back. Checks the one-time state against this browser\'s session, ' +
        'exchanges the code (with the PKCE verifier), creates or refreshes the platform account, keeps the token ' +
        'only in the encrypted session cookie and redirects to FRONTEND_URL (or the `redirect` given to /auth/login). ' +
        'A denied consent redirects to FRONTEND_URL with `login_error=access_denied`; an error whose state is not ' +
        'the sign-in this browser started is a 400 that leaves the session alone.',
      querystring: CallbackQuery,
      response: { 302: redirectResponse('Signed in: to the frontend'), ...errors(400, 401, 429, 502, 503) },
    },
  }, async (req, reply) => {
    const { code, state, error } = req.query
    const pending = req.session.get('oauth')

    if (error !== undefined) {
      // Anyone can link here with an error: only the sign-in this browser started may be ended by it.
      if (!pending || !state || !sameText(pending.state, state)) throw invalidState('this sign-in error is not for the sign-in started in this browser')
      // The user said no (or GitHub could not ask): back to the frontend, signed out.
      await states.consume(state).catch(() => false)
      req.session.delete()
      const reason = error === 'access_denied' ? 'access_denied' : 'github_error'
      return reply.redirect(withParam(pending.redirect, 'login_error', reason))
    }
    if (!code) throw new HttpError(400, 'validation_failed', 'querystring/code is missing: GitHub sends the browser here with a code after sign-in')
    if (!state) throw new HttpError(400, 'validation_failed', 'querystring/state is missing: GitHub sends it back with the code')
    if (!pending) throw invalidState('no sign-in was started in this browser (its session cookie did not come back)')
    if (!sameText(pending.state, state)) throw invalidState('the state does not match the sign-in started in this browser')
    if (Date.now() - pending.startedAt > LOGIN_TTL_S * 1000) throw invalidState('this sign-in took too long')
    const fresh = await states.consume(state).catch(() => {
      throw new HttpError(503, 'unavailable', 'sign-in is unavailable right now (Redis unreachable): try again shortly')
    })
    if (!fresh) throw invalidState('this sign-in was already completed (a state works once)')

    const token = await app.githubOAuth2.getAccessTokenFromAuthorizationCodeFlow(req, reply).catch((failure: unknown) => {
      throw tokenExchangeError(failure)
    })
    const githubToken = accessTokenOf(token.token as unknown as Record<string, unknown>)
    const profile = await app.github.forToken(githubToken).profile()

    const { user, created } = await upsertUser(req.em, profile, true)
    if (created) {
      await app.queues.userProvisioned({ userId: user.id, githubId: user.githubId, login: user.login }).catch(async () => {
        // A platform account exists only once the platform has been told about it.
        await forgetNewUser(req.em, user)
        throw new HttpError(503, 'unavailable', 'your account could not be set up right now (queue unreachable): try again shortly')
      })
      req.log.info({ userId: user.id, githubId: user.githubId }, 'platform account created')
    }
    signIn(req, { id: user.id, githubId: user.githubId, login: user.login }, githubToken)
    reply.generateCsrf()
    return reply.redirect(pending.redirect)
  })
}
export default callback
