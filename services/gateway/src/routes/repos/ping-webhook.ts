import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpError } from '@gwm/runtime'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { adminRepo, existingWebhook, webhookContext } from '../../lib/webhooks/target.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import { RepoParams } from './schemas.ts'
import { PingBody } from './webhook-schemas.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/repos/:owner/:repo/webhook/ping', {
    preHandler: [app.requireUser, app.requireRepositoryHooks],
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'pingWebhook',
      tags: ['repos'],
      summary: 'Ask GitHub to ping our webhook',
      description: 'GitHub sends a `ping` delivery to WEBHOOK_URL; when it arrives the hook is marked verified.',
      security: SECURITY.userWithCsrf,
      params: RepoParams,
      body: NoBody,
      response: { 202: PingBody, ...errors(400, 401, 403, 404, 409, 429, 502, 503) },
    },
  }, async (req, reply) => {
    const ctx = webhookContext(app, req, signedIn(req))
    const repo = await adminRepo(ctx)
    const { hook } = await existingWebhook(ctx, repo)
    if (!hook) {
      throw new HttpError(404, 'webhook_not_found', `our webhook on ${repo.fullName} was deleted on GitHub: recreate it with POST /api/repos/${repo.fullName}/setup-webhook`)
    }
    await ctx.gh.pingHook(ctx.owner, ctx.repo, hook.id)
    return reply.code(202).send({ hookId: hook.id, pinged: true })
  })
}
export default route
