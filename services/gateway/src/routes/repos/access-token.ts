import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HttpError } from '@gwm/runtime'
import { coveringInstallation } from '../../lib/app/coverage.ts'
import { SECURITY } from '../../lib/auth/security.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import { AccessTokenBody, RepoParams } from './schemas.ts'

/**
 * GitHub App mode: a short-lived installation token for the platform to fetch one repository's
 * code, narrowed to that repository and contents: read. It is never logged, stored or cached here.
 */
const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/repos/:owner/:repo/access-token', {
    preHandler: app.requirePlatform,
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'createAccessToken',
      tags: ['repos'],
      summary: 'A token to fetch the repository\'s code (GitHub App mode)',
      description: 'For the platform (bearer PLATFORM_API_TOKEN): an installation token of the GitHub App that covers only ' +
        'this repository, with contents: read, valid about an hour. Clone with https://x-access-token:<token>@github.com/owner/repo.git ' +
        'or download GET /repos/{owner}/{repo}/tarball/{sha}. 404 when no installation covers the repository, 409 in OAuth App mode, ' +
        '503 with Retry-After when GitHub is unreachable or rate-limited, 502 when GitHub refuses the App\'s own credentials.',
      security: SECURITY.platform,
      params: RepoParams,
      body: NoBody,
      response: { 200: AccessTokenBody, ...errors(400, 401, 404, 409, 429, 502, 503) },
    },
  }, async (req, reply) => {
    const { githubApp } = app
    const fullName = `${req.params.owner}/${req.params.repo}`
    if (!githubApp) {
      throw new HttpError(409, 'oauth_app_mode', 'tokens for the platform need GitHub App mode (GITHUB_APP_* set): in OAuth App mode the only GitHub credential is each signed-in user\'s, kept in their session')
    }
    const coverage = await coveringInstallation(req.em, { fullName })
    if (!coverage) throw new HttpError(404, 'not_found', `no installation of the GitHub App covers ${fullName}: install it on the repository (${githubApp.installUrl()})`)
    const token = await githubApp.repositoryToken(coverage.installationId, coverage.githubId, coverage.fullName)
    req.log.info({ repository: coverage.fullName, installationId: coverage.installationId, expiresAt: token.expiresAt }, 'access token handed to the platform')
    return reply.header('cache-control', 'no-store').send({
      token: token.token,
      expiresAt: token.expiresAt,
      permissions: token.permissions,
      repository: { id: coverage.githubId, fullName: coverage.fullName },
      installationId: coverage.installationId,
    })
  })
}
export default route
