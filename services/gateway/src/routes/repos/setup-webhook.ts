import Type from 'typebox'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpError } from '@gwm/runtime'
import { coveringInstallation } from '../../lib/app/coverage.ts'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { setupWebhook } from '../../lib/webhooks/setup.ts'
import { summarize } from '../../lib/webhooks/summary.ts'
import { adminRepo, webhookContext } from '../../lib/webhooks/target.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import { RepoParams } from './schemas.ts'
import { AppSetupBody, NotInstalledBody, SetupBody } from './webhook-schemas.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/repos/:owner/:repo/setup-webhook', {
    preHandler: app.requireUser,
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'setupWebhook',
      tags: ['repos'],
      summary: 'Connect a repository (set up our webhook)',
      description: 'Idempotent. Creates our hook (WEBHOOK_URL, JSON, a fresh random secret, the events we route: ' +
        'push, pull_request, create, delete, release, check_suite, check_run) or adopts and repairs an existing one; stores it with the ' +
        'secret encrypted and hands the secret to the ingest. 201 when created, 200 otherwise. Needs admin on the repository. ' +
        'GitHub App mode: the App\'s own webhook serves every repository it is installed on, so nothing is set up: 200 ' +
        '{mode: "app", installationId} when the App covers the repository, 409 with installUrl (the App\'s install page, ' +
        'the repository pre-selected) when it does not.',
      security: SECURITY.userWithCsrf,
      params: RepoParams,
      body: NoBody,
      response: { ...errors(400, 401, 403, 404, 409, 429, 502, 503), 200: Type.Union([SetupBody, AppSetupBody]), 201: SetupBody, 409: NotInstalledBody },
    },
  }, async (req, reply) => {
    const ctx = webhookContext(app, req, signedIn(req))
    const fullName = `${req.params.owner}/${req.params.repo}`
    if (app.githubApp) {
      // Visible to the user (404 otherwise), then covered by an installation of the App, or not yet.
      const repo = await ctx.gh.repo(ctx.owner, ctx.repo)
      const coverage = await coveringInstallation(req.em, { githubId: repo.id })
      if (!coverage) {
        const installUrl = app.githubApp.installUrl(repo.id)
        throw new HttpError(409, 'app_not_installed', `the GitHub App is not installed on ${repo.fullName}: install it from ${installUrl}, then connect again`, {}, { installUrl })
      }
      return reply.code(200).send({ mode: 'app' as const, installationId: coverage.installationId, repository: repo.fullName })
    }
    const repo = await adminRepo(ctx)
    const result = await app.repoLock(repo.id, () => setupWebhook(ctx, repo))
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
