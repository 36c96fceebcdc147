import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpError } from '@gwm/runtime'
import { coveringInstallation } from '../../lib/app/coverage.ts'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { adminRepo, existingWebhook, webhookContext } from '../../lib/webhooks/target.ts'
import { emptyBodyWhenNone, errors } from '../schemas.ts'
import { RepoParams } from './schemas.ts'
import { RedeliverBody, RedeliverRequest } from './webhook-schemas.ts'

const GITHUB_KEEPS_MS = 3 * 86_400_000

const route: FastifyPluginAsyncTypebox = async (app) => {
  const appMode = app.githubApp !== null
  app.post('/api/repos/:owner/:repo/webhook/redeliver-failed', {
    // GitHub App mode asks GitHub with the App's own credentials: the platform may call it too.
    preHandler: appMode ? app.requireUserOrPlatform : app.requireUser,
    // The body is optional: no body means the defaults.
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'redeliverFailedDeliveries',
      tags: ['repos'],
      summary: 'Redeliver the deliveries that failed',
      description: 'GitHub\'s recipe: reads the hook\'s recent deliveries and asks GitHub to redeliver every event none ' +
        'of whose attempts succeeded (for example while the ingest was down). The body is optional. GitHub App mode: ' +
        'the App webhook\'s deliveries about this repository, asked with the App\'s credentials (no user token needed: ' +
        'the platform may call it with its bearer token).',
      security: appMode ? SECURITY.userWithCsrfOrPlatform : SECURITY.userWithCsrf,
      params: RepoParams,
      body: RedeliverRequest,
      response: { 200: RedeliverBody, ...errors(400, 401, 403, 404, 429, 502, 503) },
    },
  }, async (req) => {
    const since = req.body?.since ? new Date(req.body.since) : new Date(Date.now() - GITHUB_KEEPS_MS)
    if (app.githubApp) {
      const fullName = `${req.params.owner}/${req.params.repo}`
      // A signed-in user must see the repository on GitHub; the platform sees every covered one.
      const visible = req.principal?.kind === 'user' ? (await app.github.forToken(signedIn(req).githubToken).repo(req.params.owner, req.params.repo)).id : undefined
      const coverage = await coveringInstallation(req.em, visible === undefined ? { fullName } : { githubId: visible })
      if (!coverage) throw new HttpError(404, 'not_found', `no installation of the GitHub App covers ${fullName}`)
      const report = await app.githubApp.redeliverFailed(coverage.githubId, since)
      req.log.info({ repository: coverage.fullName, redelivered: report.redelivered.length, refused: report.failed.length }, 'failed App deliveries redelivered')
      return {
        redelivered: report.redelivered.map((delivery) => ({ guid: delivery.guid, deliveryId: delivery.id, event: delivery.event })),
        errors: report.failed.map(({ delivery, error }) => ({ guid: delivery.guid, deliveryId: delivery.id, message: error })),
      }
    }
    const ctx = webhookContext(app, req, signedIn(req))
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
