import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'

interface TokenParams {
  client_id?: string
  client_secret?: string
  code?: string
  redirect_uri?: string
  code_verifier?: string
  grant_type?: string
}

const TROUBLESHOOTING = 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors'

const ERRORS = {
  incorrect_client_credentials: 'The client_id and/or client_secret passed are incorrect.',
  redirect_uri_mismatch: 'The redirect_uri MUST match the registered callback URL for this application.',
  bad_verification_code: 'The code passed is incorrect or expired.',
  unsupported_grant_type: 'The grant type is not supported.',
} as const

const same = (a: string, b: string) => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** GitHub answers in JSON when asked (Accept: application/json), else form-encoded; errors are 200s too. */
function answer(req: FastifyRequest, reply: FastifyReply, body: Record<string, string>) {
  if (String(req.headers.accept ?? '').includes('application/json')) return reply.code(200).send(body)
  return reply.code(200).type('application/x-www-form-urlencoded; charset=utf-8').send(new URLSearchParams(body).toString())
}

function fail(req: FastifyRequest, reply: FastifyReply, error: keyof typeof ERRORS) {
  const anchor = error.replaceAll('_', '-')
  return answer(req, reply, { error, error_description: ERRORS[error], error_uri: `${TROUBLESHOOTING}#${anchor}` })
}

/** POST /login/oauth/access_token: exchanges a single-use code for a token (client secret and PKCE checked). */
export function accessTokenRoute(app: FastifyInstance, ctx: SimContext): void {
  app.post('/login/oauth/access_token', async (req, reply) => {
    const params: TokenParams = { ...(req.query as TokenParams), ...((req.body as TokenParams | undefined) ?? {}) }
    if (params.grant_type !== undefined && params.grant_type !== 'authorization_code') return fail(req, reply, 'unsupported_grant_type')
    const client = params.client_id ? ctx.store.oauthClient(params.client_id) : undefined
    if (!client || !params.client_secret || !same(params.client_secret, client.clientSecret)) return fail(req, reply, 'incorrect_client_credentials')
    const code = params.code ? ctx.store.codes.get(params.code) : undefined
    if (!code || code.clientId !== client.clientId || code.used || code.expiresAt <= Date.now()) return fail(req, reply, 'bad_verification_code')
    if (params.redirect_uri !== undefined && params.redirect_uri !== code.redirectUri) return fail(req, reply, 'redirect_uri_mismatch')
    if (code.codeChallenge !== null) {
      const verifier = params.code_verifier ?? ''
      const digest = createHash('sha256').update(verifier).digest('base64url')
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || !same(digest, code.codeChallenge)) return fail(req, reply, 'bad_verification_code')
    }
    code.used = true
    // OAuth Apps hand out gho_ tokens; GitHub Apps, user tokens (ghu_) bound by the App's installations.
    const token = `${client.appId === undefined ? 'gho' : 'ghu'}_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`
    ctx.store.addToken(code.login, token, code.scopes, client.clientId, client.appId)
    return answer(req, reply, { access_token: token, token_type: 'bearer', scope: code.scopes.join(',') })
  })
}
