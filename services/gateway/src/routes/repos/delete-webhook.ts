import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { removeWebhook } from '../../lib/webhooks/remove.ts'
import { adminRepo, webhookContext } from '../../lib/webhooks/target.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import { RepoParams } from './schemas.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.delete('/api/repos/:owner/:repo/webhook', {
    preHandler: [app.requireUser, app.requireRepositoryHooks],
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'deleteWebhook',
      tags: ['repos'],
      summary: 'Disconnect a repository (delete our webhook)',
      description: 'Deletes our hook on GitHub (already gone is fine) and here; the ingest stops accepting its deliveries.',
      security: SECURITY.userWithCsrf,
      params: RepoParams,
      body: NoBody,
      response: { 204: Type.Null({ description: 'Deleted' }), ...errors(400, 401, 403, 404, 409, 429, 502, 503) },
    },
  }, async (req, reply) => {
    const ctx = webhookContext(app, req, signedIn(req))
    const fullName = `${req.params.owner}/${req.params.repo}`
    const repo = await adminRepo(ctx)
    const result = await app.repoLock(repo.id, () => removeWebhook(ctx, repo))
    req.log.info({ repository: fullName, ...result }, 'webhook deleted')
    return reply.code(204).send(null)
  })
}
export default route
