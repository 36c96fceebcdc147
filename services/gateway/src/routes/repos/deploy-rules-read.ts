import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SECURITY } from '../../lib/auth/security.ts'
import { rulesTarget } from '../../lib/rules/access.ts'
import { latestRules, stateOf } from '../../lib/rules/versions.ts'
import { errors } from '../schemas.ts'
import { RulesBody } from './deploy-rules-schemas.ts'
import { RepoParams } from './schemas.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/repos/:owner/:repo/deploy-rules', {
    preHandler: app.requireUserOrPlatform,
    schema: {
      operationId: 'getDeployRules',
      tags: ['repos'],
      summary: 'A repository\'s deploy rules',
      description: 'The rules in force, with every default applied, and which version they are (0 and defaults: true when ' +
        'none were ever stored). For an admin of the repository on GitHub, or the platform (bearer PLATFORM_API_TOKEN) for ' +
        'a repository known here.',
      security: SECURITY.userOrPlatform,
      params: RepoParams,
      response: { 200: RulesBody, ...errors(400, 401, 403, 404, 429, 502, 503) },
    },
  }, async (req) => {
    const target = await rulesTarget(app.github, req, false)
    return stateOf(target.fullName, await latestRules(req.em, target.repository), req.log)
  })
}
export default route
