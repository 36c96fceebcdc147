import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { coverageByRepo } from '../../lib/app/coverage.ts'
import { signedIn } from '../../lib/auth/principal.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { summarize, webhooksByRepo } from '../../lib/webhooks/summary.ts'
import { errors } from '../schemas.ts'
import { ReposBody, ReposQuery } from './schemas.ts'

const repos: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/user/repos', {
    preHandler: app.requireUser,
    schema: {
      operationId: 'listUserRepos',
      tags: ['user'],
      summary: 'The user\'s repositories, with their connection state',
      description: 'One page of the repositories the user can see on GitHub, each with the user\'s permissions ' +
        'and whether our webhook is set up and verified on it. GitHub App mode: the repositories of the App\'s ' +
        'installations the user can see (what GitHub lists for the App\'s user token), connected when an ' +
        'installation covers them (installationId).',
      security: SECURITY.user,
      querystring: ReposQuery,
      response: { 200: ReposBody, ...errors(400, 401, 429, 502, 503) },
    },
  }, async (req) => {
    const { githubToken } = signedIn(req)
    const { page, per_page: perPage, sort, affiliation } = req.query
    const result = await app.github.forToken(githubToken).repos({ page, perPage, sort, affiliation })
    const ids = result.items.map((repo) => repo.id)
    const hooks = await webhooksByRepo(req.em, ids)
    const installations = app.githubApp ? await coverageByRepo(req.em, ids) : new Map<number, number>()
    return {
      repos: result.items.map((repo) => {
        const webhook = summarize(hooks.get(repo.id))
        const installationId = installations.get(repo.id) ?? null
        return {
          id: repo.id,
          name: repo.name,
          fullName: repo.fullName,
          owner: repo.owner,
          private: repo.private,
          defaultBranch: repo.defaultBranch,
          htmlUrl: repo.htmlUrl,
          description: repo.description,
          permissions: repo.permissions,
          connected: app.githubApp ? installationId !== null : webhook.status === 'connected',
          installationId,
          webhook,
        }
      }),
      page,
      perPage,
      nextPage: result.nextPage,
    }
  })
}
export default repos
