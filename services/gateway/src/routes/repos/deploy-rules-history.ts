import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SECURITY } from '../../lib/auth/security.ts'
import { rulesTarget } from '../../lib/rules/access.ts'
import { rulesHistory, stateOf } from '../../lib/rules/versions.ts'
import { errors } from '../schemas.ts'
import { HistoryBody, HistoryQuery } from './deploy-rules-schemas.ts'
import { RepoParams } from './schemas.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/repos/:owner/:repo/deploy-rules/history', {
    preHandler: app.requireUserOrPlatform,
    schema: {
      operationId: 'listDeployRulesHistory',
      tags: ['repos'],
      summary: 'Earlier versions of a repository\'s deploy rules',
      description: 'Every stored version, newest first: who changed the rules, when, and to what (defaults applied). ' +
        'The same access as GET …/deploy-rules.',
      security: SECURITY.userOrPlatform,
      params: RepoParams,
      querystring: HistoryQuery,
      response: { 200: HistoryBody, ...errors(400, 401, 403, 404, 429, 502, 503) },
    },
  }, async (req) => {
    const target = await rulesTarget(app.github, req, false)
    const rows = await rulesHistory(req.em, target.repository, req.query.limit)
    return {
      repository: target.fullName,
      versions: rows.map((row) => {
        const { version, changedBy, changedAt, rules } = stateOf(target.fullName, row, req.log)
        return { version, changedBy, changedAt, rules }
      }),
    }
  })
}
export default route
