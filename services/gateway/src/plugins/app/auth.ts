import { timingSafeEqual } from 'node:crypto'
import { type IUser, User } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../app.ts'
import { readSignedIn } from '../../lib/session.ts'

/** Who made a request, as established by one of the require* preHandlers below. */
export type Principal = { kind: 'user'; user: IUser; githubToken: string } | { kind: 'platform' }

export type AuthHook = (req: FastifyRequest, reply: FastifyReply) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * preHandler: a signed-in browser session, else 401. On POST/PUT/PATCH/DELETE it also
     * checks the CSRF token (x-csrf-token header), else 403. Sets req.principal to the User
     * row and the session's GitHub token; read them with signedIn(req).
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

/** The signed-in user and their GitHub token, in a handler behind app.requireUser. */
export function signedIn(req: FastifyRequest): { user: IUser; githubToken: string } {
  if (req.principal?.kind !== 'user') throw new HttpError(401, 'unauthorized', 'sign in first: GET /auth/login')
  return { user: req.principal.user, githubToken: req.principal.githubToken }
}

/** An OpenAPI security requirement list: any one entry satisfies it. */
export type SecurityRequirements = Array<Record<string, string[]>>

/** OpenAPI security requirements, to put in route schemas beside the matching preHandler. */
export const SECURITY: Record<'user' | 'userWithCsrf' | 'platform' | 'userOrPlatform' | 'userWithCsrfOrPlatform', SecurityRequirements> = {
  user: [{ session: [] }],
  userWithCsrf: [{ session: [], csrf: [] }],
  platform: [{ platform: [] }],
  userOrPlatform: [{ session: [] }, { platform: [] }],
  userWithCsrfOrPlatform: [{ session: [], csrf: [] }, { platform: [] }],
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const sameSecret = (a: string, b: string) => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export default fp<GatewayOptions>(async (app, { config }) => {
  app.decorateRequest('principal', null)

  /** @fastify/csrf-protection's check, as a promise: it calls next() or reply.send(error). */
  const csrfValid = (req: FastifyRequest) =>
    new Promise<boolean>((resolve) => {
      const rejecting = { send: () => resolve(false) } as unknown as FastifyReply
      app.csrfProtection(req, rejecting, () => resolve(true))
    })

  async function requireUser(req: FastifyRequest) {
    const session = readSignedIn(req, config.SESSION_MAX_AGE_S)
    if (!session) {
      if (req.session.get('user')) req.session.delete()
      throw new HttpError(401, 'unauthorized', 'sign in first: GET /auth/login (no session, or it expired)')
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
    const challenge = { 'www-authenticate': 'Bearer realm="gateway"' }
    const header = req.headers.authorization
    if (!header) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <PLATFORM_API_TOKEN>', challenge)
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match?.[1]) throw new HttpError(401, 'invalid_token', 'the Authorization header must be "Bearer <PLATFORM_API_TOKEN>"', challenge)
    if (!config.PLATFORM_API_TOKEN) throw new HttpError(401, 'invalid_token', 'platform access is off: PLATFORM_API_TOKEN is not configured', challenge)
    if (!sameSecret(match[1], config.PLATFORM_API_TOKEN)) throw new HttpError(401, 'invalid_token', 'the bearer token is not PLATFORM_API_TOKEN', challenge)
    req.principal = { kind: 'platform' }
  }

  app.decorate('requireUser', requireUser)
  app.decorate('requirePlatform', requirePlatform)
  app.decorate('requireUserOrPlatform', (req: FastifyRequest) =>
    req.headers.authorization === undefined ? requireUser(req) : requirePlatform(req))
}, { name: 'auth', dependencies: ['orm', 'csrf', 'secure-session'] })
