import { timingSafeEqual } from 'node:crypto'
import { fastifyOauth2, type OAuth2Namespace } from '@fastify/oauth2'
import fp from 'fastify-plugin'
import { servedOverHttps, sessionCookieOptions } from '../../lib/auth/cookies.ts'
import type { GatewayOptions } from '../../options.ts'

declare module 'fastify' {
  interface FastifyInstance {
    githubOAuth2: OAuth2Namespace
  }
}

/**
 * The least GitHub lets us ask for to do what the service does (see the README):
 * - read:user        the profile (GET /user) that identifies the account;
 * - user:email       the primary address, even when the profile hides it;
 * - repo             listing private repositories and reading their commits (GitHub has no
 *                    read-only scope for private repositories);
 * - admin:repo_hook  creating, repairing, pinging and deleting our webhook. `repo` already
 *                    implies it; asking explicitly shows it on the consent screen and keeps
 *                    hooks working if `repo` is ever narrowed to `public_repo`.
 */
const GITHUB_SCOPES = ['read:user', 'user:email', 'repo', 'admin:repo_hook']

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * GitHub OAuth with PKCE S256 against GITHUB_URL (github.com, Enterprise Server or the
 * simulator). The state is created by GET /auth/login and kept in the encrypted session, so
 * it is bound to the browser that started the login; the callback checks it here.
 */
export default fp<GatewayOptions>(async (app, { config }) => {
  await app.register(fastifyOauth2, {
    name: 'githubOAuth2',
    scope: GITHUB_SCOPES,
    credentials: {
      client: { id: config.CLIENT_ID, secret: config.CLIENT_SECRET },
      auth: {
        ...fastifyOauth2.GITHUB_CONFIGURATION,
        tokenHost: config.GITHUB_URL,
        authorizeHost: config.GITHUB_URL,
      },
      // GitHub answers the token request in JSON only when asked to.
      http: { headers: { accept: 'application/json' } },
      options: { authorizationMethod: 'body' },
    },
    callbackUri: config.REDIRECT_URI,
    pkce: 'S256',
    cookie: sessionCookieOptions(config),
    // Over https the state and PKCE verifier cookies are __Host- prefixed as well.
    hostPrefixedCookies: servedOverHttps(config),
    userAgent: 'github-webhook-manager',
    generateStateFunction: (req) => {
      const pending = req.session.get('oauth')
      if (!pending) throw new Error('no login in progress: GET /auth/login creates the state first')
      return pending.state
    },
    checkStateFunction: (req) => {
      const pending = req.session.get('oauth')
      const { state } = req.query as { state?: unknown }
      return Boolean(pending && typeof state === 'string' && sameText(pending.state, state))
    },
  })
}, { name: 'oauth2', dependencies: ['cookie', 'secure-session'] })
