import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { setupWebhook } from '../../lib/webhooks/setup.ts'
import { summarize } from '../../lib/webhooks/summary.ts'
import { webhookContext } from '../../lib/webhooks/target.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import { RepoParams } from './schemas.ts'
import { SetupBody } from './webhook-schemas.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/repos/:owner/:repo/setup-webhook', {
    preHandler: app.requireUser,
    preValidation: emptyBodyWhenNone,
    schema: {
      tags: ['repos'],
      summary: 'Connect a repository (set up our webhook)',
      description: 'Idempotent. Creates our hook (WEBHOOK_URL, JSON, a fresh random secret, the events we route: ' +
        'push, pull_request, create, delete, release) or adopts and repairs an existing one; stores it with the ' +
        'secret encrypted and hands the secret to the ingest. 201 when created, 200 otherwise. Needs admin on the repository.',
      security: SECURITY.userWithCsrf,
      params: RepoParams,
      body: NoBody,
      response: { 200: SetupBody, 201: SetupBody, ...errors(400, 401, 403, 404, 409, 429, 502, 503) },
    },
  }, async (req, reply) => {
    const ctx = webhookContext(app, req, signedIn(req))
    const fullName = `${req.params.owner}/${req.params.repo}`
    const result = await app.repoLock(fullName, () => setupWebhook(ctx))
    req.log.info({ repository: fullName, hookId: result.hook.id, outcome: result.outcome, repaired: result.repaired }, 'webhook set up')
    return reply.code(result.outcome === 'created' ? 201 : 200).send({
      outcome: result.outcome,
      repaired: result.repaired,
      repository: result.row.repository.fullName,
      webhook: {
        ...summarize(result.row),
        url: result.hook.url,
        events: result.hook.events,
        active: result.hook.active,
      },
    })
  })
}
export default route
