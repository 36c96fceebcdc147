import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpError } from '@gwm/runtime'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { adminRepo, existingWebhook, webhookContext } from '../../lib/webhooks/target.ts'
import { emptyBodyWhenNone, errors } from '../schemas.ts'
import { RepoParams } from './schemas.ts'
import { RedeliverBody, RedeliverRequest } from './webhook-schemas.ts'

const GITHUB_KEEPS_MS = 3 * 86_400_000

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/repos/:owner/:repo/webhook/redeliver-failed', {
    preHandler: app.requireUser,
    // The body is optional: no body means the defaults.
    preValidation: emptyBodyWhenNone,
    schema: {
      tags: ['repos'],
      summary: 'Redeliver the deliveries that failed',
      description: 'GitHub\'s recipe: reads the hook\'s recent deliveries and asks GitHub to redeliver every event none ' +
        'of whose attempts succeeded (for example while the ingest was down). The body is optional.',
      security: SECURITY.userWithCsrf,
      params: RepoParams,
      body: RedeliverRequest,
      response: { 200: RedeliverBody, ...errors(400, 401, 403, 404, 429, 502, 503) },
    },
  }, async (req) => {
    const ctx = webhookContext(app, req, signedIn(req))
    const since = req.body?.since ? new Date(req.body.since) : new Date(Date.now() - GITHUB_KEEPS_MS)
    const repo = await adminRepo(ctx)
    const { hook } = await existingWebhook(ctx, repo)
    if (!hook) {
      throw new HttpError(404, 'webhook_not_found', `our webhook on ${repo.fullName} was deleted on GitHub: its deliveries are gone with it`)
    }
    const report = await ctx.gh.redeliverFailed(ctx.owner, ctx.repo, hook.id, since)
    req.log.info({ repository: repo.fullName, hookId: hook.id, redelivered: report.redelivered.length, refused: report.failed.length }, 'failed deliveries redelivered')
    return {
      redelivered: report.redelivered.map((delivery) => ({ guid: delivery.guid, deliveryId: delivery.id, event: delivery.event })),
      errors: report.failed.map(({ delivery, error }) => ({ guid: delivery.guid, deliveryId: delivery.id, message: error })),
    }
  })
}
export default route
