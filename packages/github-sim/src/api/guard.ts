import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Quota, SimContext } from '../context.ts'
import { JWT_ERRORS, looksLikeJwt, verifyAppJwt } from '../apps/jwt.ts'
import { badCredentials, GitHubError, notAccessibleByIntegration } from '../errors.ts'
import type { App, Installation, InstallationToken, Token } from '../model.ts'

/** An installation token and its installation. */
interface InstallationAuth {
  token: InstallationToken
  installation: Installation
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The user token the request authenticated with (null: anonymous or an App credential). Set by the simulator's API guard. */
    simAuth: Token | null
    /** The App whose JWT authenticated the request. */
    simApp: App | null
    /** The installation token the request authenticated with. */
    simInstallation: InstallationAuth | null
    simQuota: Quota | null
  }
  interface FastifyContextConfig {
    /** The route takes an App's JWT, and nothing else (GitHub's /app endpoints). */
    jwt?: boolean
    /** The route checks an OAuth app's Basic client credentials itself (GitHub's /applications endpoints). */
    clientCredentials?: boolean
  }
}

const RATE_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'

function tokenOf(header: string | undefined): string | null | undefined {
  if (header === undefined) return null
  const match = header.match(/^(?:token|bearer)\s+(\S+)\s*$/i)
  return match ? match[1] : undefined
}

function quotaFor(ctx: SimContext, key: string, limit: number): Quota {
  const now = Date.now()
  let quota = ctx.quotas.get(key)
  if (!quota || quota.resetAt * 1000 <= now) {
    quota = { limit, used: 0, resetAt: Math.ceil((now + 3_600_000) / 1000) }
    ctx.quotas.set(key, quota)
  }
  return quota
}

function rateHeaders(reply: FastifyReply, quota: Quota): void {
  reply.header('x-ratelimit-limit', String(quota.limit))
  reply.header('x-ratelimit-remaining', String(Math.max(0, quota.limit - quota.used)))
  reply.header('x-ratelimit-reset', String(quota.resetAt))
  reply.header('x-ratelimit-used', String(quota.used))
  reply.header('x-ratelimit-resource', 'core')
}

/**
 * Runs before every REST route: outage switch, authentication, rate limits (the quota and the
 * test switch), then GitHub's response headers, ETags and 304s on the way out.
 */
/** The installation token's record, or GitHub's 401 (unknown, expired, revoked) / 403 (suspended). */
function installationAuth(ctx: SimContext, value: string): InstallationAuth {
  const token = ctx.store.installationTokens.get(value)
  const installation = token && token.expiresAt > Date.now() ? ctx.store.installations.get(token.installationId) : undefined
  if (!token || !installation) throw badCredentials()
  if (installation.suspendedAt !== null) throw new GitHubError(403, 'This installation has been suspended')
  return { token, installation }
}

/** Who the request is: sets simAuth, simApp or simInstallation, or throws GitHub's 401/403. */
function authenticate(ctx: SimContext, req: FastifyRequest, reply: FastifyReply): void {
  if (req.routeOptions.config?.clientCredentials === true) return
  const token = tokenOf(req.headers.authorization)
  if (token === undefined) throw badCredentials()
  const jwtRoute = req.routeOptions.config?.jwt === true
  if (token !== null && looksLikeJwt(token)) {
    req.simApp = verifyAppJwt(ctx.store, token)
    if (!jwtRoute && !req.url.split('?')[0]?.endsWith('/rate_limit')) throw notAccessibleByIntegration()
    return
  }
  // The /app endpoints decode the credential as a JWT, whatever it is.
  if (jwtRoute) throw new GitHubError(401, JWT_ERRORS.undecodable)
  if (token === null) return
  if (token.startsWith('ghs_')) {
    req.simInstallation = installationAuth(ctx, token)
    return
  }
  const auth = ctx.store.tokens.get(token)
  if (!auth || !ctx.store.account(auth.login)) throw badCredentials()
  req.simAuth = auth
  reply.header('x-oauth-scopes', auth.scopes.join(', '))
}

/** The quota a request counts against: per App, per installation, per token, or per client address. */
function quotaKey(req: FastifyRequest): { key: string; who: string } {
  if (req.simApp) return { key: `app:${req.simApp.id}`, who: `for app ID ${req.simApp.id}` }
  if (req.simInstallation) return { key: `installation:${req.simInstallation.installation.id}`, who: `for installation ID ${req.simInstallation.installation.id}` }
  if (req.simAuth) return { key: `token:${req.simAuth.token}`, who: '' }
  return { key: `ip:${req.ip}`, who: `for ${req.ip}` }
}

export function installGuard(app: FastifyInstance, ctx: SimContext): void {
  app.decorateRequest('simAuth', null)
  app.decorateRequest('simApp', null)
  app.decorateRequest('simInstallation', null)
  app.decorateRequest('simQuota', null)

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    const requestId = randomBytes(8).toString('hex').toUpperCase()
    reply.header('x-github-request-id', requestId)
    reply.header('x-github-media-type', 'github.v3; format=json')
    reply.header('x-github-api-version-selected', '2022-11-28')
    ctx.switches.counters.requests += 1

    const route = req.routeOptions.url ?? ''
    const outage = ctx.switches.takeOutage(route)
    if (outage) throw new GitHubError(outage.status, outage.status === 503 ? 'Service Unavailable' : 'Server Error')

    authenticate(ctx, req, reply)
    const authenticated = req.simAuth !== null || req.simApp !== null || req.simInstallation !== null
    const { key, who: subject } = quotaKey(req)
    const quota = quotaFor(ctx, key, authenticated ? ctx.options.rateLimitPerHour : 60)
    req.simQuota = quota
    const isRateLimitRoute = req.url.split('?')[0]?.endsWith('/rate_limit')

    const limited = isRateLimitRoute ? null : ctx.switches.takeRateLimit(route)
    if (limited) {
      const status = limited.status ?? 403
      const who = req.simAuth ? `for user ID ${ctx.store.account(req.simAuth.login)?.id}` : subject
      if (limited.kind === 'secondary') {
        rateHeaders(reply, quota)
        throw new GitHubError(status, `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`, {
          documentationUrl: `${RATE_DOCS}#about-secondary-rate-limits`,
          headers: { 'retry-after': String(limited.retryAfter ?? 1) },
        })
      }
      const reset = Math.ceil(Date.now() / 1000) + (limited.resetIn ?? 1)
      rateHeaders(reply, { ...quota, used: quota.limit, resetAt: reset })
      throw new GitHubError(status, `API rate limit exceeded ${who}. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`, {
        documentationUrl: `${RATE_DOCS}#about-the-primary-rate-limit`,
      })
    }
    if (!isRateLimitRoute) {
      if (quota.used >= quota.limit) {
        rateHeaders(reply, quota)
        throw new GitHubError(403, `API rate limit exceeded ${req.simAuth ? 'for this token' : subject}.`, { documentationUrl: `${RATE_DOCS}#about-the-primary-rate-limit` })
      }
      quota.used += 1
    }
  })

  // Conditional requests: a matching If-None-Match answers 304 and costs no quota, as on GitHub.
  app.addHook('onSend', async (req, reply, payload) => {
    const quota = req.simQuota
    if (req.method === 'GET' && reply.statusCode === 200 && typeof payload === 'string') {
      const credential = req.headers.authorization ?? ''
      const etag = `W/"${createHash('sha256').update(payload).update(credential).digest('hex').slice(0, 40)}"`
      reply.header('etag', etag)
      reply.header('cache-control', credential ? 'private, max-age=60, s-maxage=60' : 'public, max-age=60, s-maxage=60')
      reply.header('vary', 'Accept, Authorization, Cookie, X-GitHub-OTP')
      const tags = String(req.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''))
      if (tags.includes(etag.replace(/^W\//, ''))) {
        if (quota && !req.url.includes('/rate_limit')) quota.used = Math.max(0, quota.used - 1)
        reply.code(304)
        if (quota) rateHeaders(reply, quota)
        reply.removeHeader('content-type')
        return ''
      }
    }
    if (quota && !reply.hasHeader('x-ratelimit-limit')) rateHeaders(reply, quota)
    return payload
  })
}
