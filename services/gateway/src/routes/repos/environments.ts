import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SECURITY } from '../../lib/auth/security.ts'
import { readableRepository } from '../../lib/deployments/access.ts'
import { environmentsOf } from '../../lib/deployments/environments.ts'
import { errors } from '../schemas.ts'
import { EnvironmentsBody } from './environments-schemas.ts'
import { RepoParams } from './schemas.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/repos/:owner/:repo/environments', {
    preHandler: app.requireUserOrPlatform,
    schema: {
      tags: ['deployments'],
      operationId: 'listEnvironments',
      summary: 'A repository\'s environments: last requested, last deployed, URL and current state',
      description: 'Every environment the repository\'s deployment requests named. For a signed-in user who can see the ' +
        'repository on GitHub, or the platform (bearer PLATFORM_API_TOKEN) for a repository known here.',
      security: SECURITY.userOrPlatform,
      params: RepoParams,
      response: { 200: EnvironmentsBody, ...errors(400, 401, 403, 404, 429, 502, 503) },
    },
  }, async (req) => {
    const { repository, fullName } = await readableRepository(app.github, req, req.params.owner, req.params.repo)
    return {
      repository: { id: repository?.githubId ?? null, fullName },
      environments: repository ? await environmentsOf(req.em, repository.id) : [],
    }
  })
}
export default route
