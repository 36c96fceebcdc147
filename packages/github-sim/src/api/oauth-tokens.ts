import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'
import { notFound, validationFailed } from '../errors.ts'

const DOCS = 'https://docs.github.com/rest/apps/oauth-applications#delete-an-app-token'

const same = (a: string, b: string) => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/** The OAuth app named by the path, when the request carries its client id and secret as Basic credentials. */
function authenticatedClient(ctx: SimContext, req: FastifyRequest) {
  const clientId = (req.params as { client_id: string }).client_id
  const client = ctx.store.oauthClient(clientId)
  const match = /^basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  const [id, secret] = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8').split(/:(.*)/s) : []
  if (!client || id !== client.clientId || secret === undefined || !same(secret, client.clientSecret)) return undefined
  return client
}

/**
 * DELETE /applications/{client_id}/token: an OAuth app (or a GitHub App's user sign-in) revokes
 * one token it issued. Basic auth with the app's client id and secret; as on GitHub, wrong
 * credentials and a token the app does not own are 404.
 */
export function oauthTokenRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.delete('/applications/:client_id/token', { config: { clientCredentials: true } }, async (req, reply) => {
    const client = authenticatedClient(ctx, req)
    if (!client) throw notFound()
    const accessToken = (req.body as { access_token?: unknown } | undefined)?.access_token
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw validationFailed([{ resource: 'OauthAccess', field: 'access_token', code: 'missing_field' }], DOCS)
    }
    const token = ctx.store.tokens.get(accessToken)
    if (!token || token.clientId !== client.clientId) throw notFound()
    ctx.store.revokeToken(accessToken)
    return reply.code(204).send()
  })
}
