import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { SimContext } from '../context.ts'
import type { OAuthApp } from '../model.ts'
import { CSP } from '../web/install-form.ts'
import { userPicker } from './user-picker.ts'

interface AuthorizeQuery {
  client_id?: string
  redirect_uri?: string
  scope?: string
  state?: string
  login?: string
  code_challenge?: string
  code_challenge_method?: string
  allow_signup?: string
}

const TROUBLESHOOTING = 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-authorization-request-errors'

/**
 * GitHub's redirect_uri rule: same scheme, host and port as a registered callback URL and a path
 * at or below its path. Loopback callbacks (127.0.0.1, [::1]) may use any port.
 */
function redirectAllowed(app: Pick<OAuthApp, 'redirectUris'>, candidate: string): boolean {
  if (!URL.canParse(candidate)) return false
  const wanted = new URL(candidate)
  return app.redirectUris.some((registered) => {
    const base = new URL(registered)
    const loopback = ['127.0.0.1', '[::1]'].includes(base.hostname)
    if (wanted.protocol !== base.protocol || wanted.hostname !== base.hostname) return false
    if (!loopback && wanted.port !== base.port) return false
    const basePath = base.pathname.replace(/\/$/, '')
    return wanted.pathname === base.pathname || wanted.pathname === basePath || wanted.pathname.startsWith(`${basePath}/`)
  })
}

function page(reply: FastifyReply, status: number, title: string, text: string) {
  const html = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
  return reply.code(status).type('text/html; charset=utf-8')
    .send(`<!DOCTYPE html><html><head><title>${html(title)}</title></head><body><h1>${html(title)}</h1><p>${html(text)}</p></body></html>`)
}

function redirectWith(reply: FastifyReply, target: string, params: Record<string, string | undefined>) {
  const url = new URL(target)
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value)
  return reply.redirect(url.toString(), 302)
}

/** Whether the request comes from a person's browser (it asks for a page), not a script. */
const wantsPage = (accept: string | undefined) => (accept ?? '').includes('text/html')

/**
 * GET /login/oauth/authorize: checks the request as GitHub does, then approves and redirects back
 * with a code. A browser that names no `login` gets a page to pick the simulator user first (its
 * form POSTs here); a script (no text/html in Accept) is approved as `login=`, else authorizeAs.
 */
export function authorizeRoute(app: FastifyInstance, ctx: SimContext): void {
  app.get('/login/oauth/authorize', async (req, reply) => {
    const query = req.query as AuthorizeQuery
    if (query.login === undefined && wantsPage(req.headers.accept)) return authorize(ctx, reply, query, 'pick')
    const login = query.login && ctx.store.account(query.login)?.type === 'User' ? query.login : ctx.store.authorizeAs
    return authorize(ctx, reply, query, login)
  })

  app.post('/login/oauth/authorize', async (req, reply) => {
    const form = (req.body ?? {}) as AuthorizeQuery
    const chosen = typeof form.login === 'string' ? ctx.store.account(form.login) : undefined
    if (chosen?.type !== 'User') return page(reply, 422, 'No such user', 'The form names no user of the simulator (login): pick one from the list.')
    return authorize(ctx, reply, form, chosen.login)
  })
}

/** The checks GitHub makes before it shows its page, then the page ('pick') or the code for `login`. */
function authorize(ctx: SimContext, reply: FastifyReply, query: AuthorizeQuery, login: string | null | 'pick') {
  const client = typeof query.client_id === 'string' ? ctx.store.oauthClient(query.client_id) : undefined
  if (!client) return page(reply, 404, 'Not Found', 'No OAuth app or GitHub App has this client_id: check CLIENT_ID.')
  const fallback = client.redirectUris[0]
  if (!fallback) return page(reply, 400, 'No callback URL', 'This GitHub App has no callback URL to send the user back to.')
  if (query.redirect_uri !== undefined && !redirectAllowed(client, query.redirect_uri)) {
    return redirectWith(reply, fallback, {
      error: 'redirect_uri_mismatch',
      error_description: 'The redirect_uri MUST match the registered callback URL for this application.',
      error_uri: `${TROUBLESHOOTING}#redirect-uri-mismatch`,
      state: query.state,
    })
  }
  const redirectUri = query.redirect_uri ?? fallback
  const pkceProblem =
    query.code_challenge_method !== undefined && query.code_challenge_method !== 'S256'
      ? 'code_challenge_method must be S256'
      : query.code_challenge !== undefined && !/^[A-Za-z0-9_-]{43}$/.test(query.code_challenge)
        ? 'code_challenge must be a base64url SHA-256 digest (43 characters)'
        : query.code_challenge_method !== undefined && query.code_challenge === undefined
          ? 'code_challenge is required when code_challenge_method is given'
          : null
  if (pkceProblem) return redirectWith(reply, redirectUri, { error: 'invalid_request', error_description: pkceProblem, state: query.state })
  if (ctx.switches.authorize === 'deny') {
    return redirectWith(reply, redirectUri, {
      error: 'access_denied',
      error_description: 'The user has denied your application access.',
      error_uri: `${TROUBLESHOOTING}#access-denied`,
      state: query.state,
    })
  }
  if (login === 'pick') {
    const users = [...ctx.store.accounts.values()].filter((account) => account.type === 'User')
    return reply.code(200).header('content-security-policy', CSP).type('text/html; charset=utf-8')
      .send(userPicker(client, users, ctx.store.authorizeAs, { ...query }))
  }
  const user = login ? ctx.store.account(login) : undefined
  if (!user) return page(reply, 400, 'No user to sign in', 'The simulator has no user to approve as: add one to the seed or set authorizeAs.')
  const code = randomBytes(10).toString('hex')
  ctx.store.codes.set(code, {
    code,
    clientId: client.clientId,
    redirectUri,
    login: user.login,
    // GitHub Apps have permissions, not scopes: their user tokens carry none.
    scopes: client.appId === undefined ? (query.scope ?? '').split(/[\s,]+/).filter(Boolean) : [],
    codeChallenge: query.code_challenge ?? null,
    codeChallengeMethod: query.code_challenge ? 'S256' : null,
    expiresAt: Date.now() + ctx.options.codeTtlMs,
    used: false,
  })
  return redirectWith(reply, redirectUri, { code, state: query.state })
}
