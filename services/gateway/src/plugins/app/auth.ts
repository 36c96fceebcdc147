import { User } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { checkPlatformToken } from '../../lib/auth/platform-token.ts'
import type { Principal } from '../../lib/auth/principal.ts'
import { readSignedIn } from '../../lib/auth/session.ts'
import type { GatewayOptions } from '../../options.ts'

type AuthHook = (req: FastifyRequest, reply: FastifyReply) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * preHandler: a signed-in browser session, else 401. On POST/PUT/PATCH/DELETE it also
     * checks the CSRF token (x-csrf-token header), else 403. Sets req.principal to the User
     * row and the session's GitHub token; read them with signedIn(req) (lib/auth/principal.ts).
     */
    requireUser: AuthHook
    /** preHandler: `Authorization: Bearer PLATFORM_API_TOKEN`, else 401. */
    requirePlatform: AuthHook
    /** preHandler: the platform's bearer token when an Authorization header is sent, else requireUser. */
    requireUserOrPlatform: AuthHook
  }
  interface FastifyRequest {
    principal: Principal | null
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export default fp<GatewayOptions>(async (app, { config }) => {
  app.decorateRequest('principal', null)

  /** @fastify/csrf-protection's check, as a promise: it calls next() or reply.send(error). */
  const csrfValid = (req: FastifyRequest) =>
    new Promise<boolean>((resolve) => {
      const rejecting = { send: () => resolve(false) } as unknown as FastifyReply
      app.csrfProtection(req, rejecting, () => resolve(true))
    })

  async function requireUser(req: FastifyRequest) {
    const session = await readSignedIn(req, config.SESSION_MAX_AGE_S, app.signedOutSessions)
    if (!session) {
      if (req.session.get('user')) req.session.delete()
      throw new HttpError(401, 'unauthorized', 'sign in first: GET /auth/login (no session, or it expired or was signed out)')
    }
    if (UNSAFE.has(req.method) && !(await csrfValid(req))) {
      throw new HttpError(403, 'csrf_invalid', 'missing or invalid CSRF token: send the csrfToken from GET /auth/session in the x-csrf-token header')
    }
    const user = await req.em.findOne(User, { id: session.user.id })
    if (!user) {
      req.session.delete()
      throw new HttpError(401, 'unauthorized', 'the account of this session no longer exists: sign in again at GET /auth/login')
    }
    req.principal = { kind: 'user', user, githubToken: session.githubToken }
  }

  async function requirePlatform(req: FastifyRequest) {
    checkPlatformToken(req.headers.authorization, config.PLATFORM_API_TOKEN)
    req.principal = { kind: 'platform' }
  }

  app.decorate('requireUser', requireUser)
  app.decorate('requirePlatform', requirePlatform)
  app.decorate('requireUserOrPlatform', (req: FastifyRequest) =>
    req.headers.authorization === undefined ? requireUser(req) : requirePlatform(req))
}, { name: 'auth', dependencies: ['orm', 'csrf', 'secure-session', 'sign-out'] })
