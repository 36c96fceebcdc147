import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DeployRulesSchema, deployRulesProblems, redecideWaiting, withDefaults } from '@gwm/domain'
import { requeueCallback } from '@gwm/queue'
import { HttpError } from '@gwm/runtime'
import { SECURITY } from '../../lib/auth/security.ts'
import { rulesTarget } from '../../lib/rules/access.ts'
import { saveRules, stateOf } from '../../lib/rules/versions.ts'
import { errors } from '../schemas.ts'
import { RulesBody } from './deploy-rules-schemas.ts'
import { RepoParams } from './schemas.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.put('/api/repos/:owner/:repo/deploy-rules', {
    // Who is asking comes before what they sent: without a session or token the answer is 401, whatever the body.
    preValidation: app.requireUserOrPlatform,
    schema: {
      operationId: 'replaceDeployRules',
      tags: ['repos'],
      summary: 'Change a repository\'s deploy rules',
      description: 'Replaces the rules as a whole (absent fields take their defaults) and stores them as a new version; ' +
        'earlier versions are kept (GET …/deploy-rules/history). Unknown fields, values out of range and malformed globs ' +
        'are 400 validation_failed naming the field, and nothing is stored. For an admin of the repository on GitHub ' +
        '(with the CSRF token), or the platform (bearer PLATFORM_API_TOKEN) for a repository known here. Requests waiting for ' +
        'checks are decided again under the new rules: still gated, held; no longer gated, sent; no longer asked for, cancelled.',
      security: SECURITY.userWithCsrfOrPlatform,
      params: RepoParams,
      body: DeployRulesSchema,
      response: { 200: RulesBody, ...errors(400, 401, 403, 404, 409, 429, 502, 503) },
    },
  }, async (req) => {
    // The schema checked the shape; globs and a named gate without names are checked here, in the same words.
    const problems = deployRulesProblems(req.body, 'body')
    if (problems.length > 0) throw new HttpError(400, 'validation_failed', problems.join(', '))
    const target = await rulesTarget(app.github, req, true)
    if (!target.repository) throw new HttpError(404, 'not_found', `${target.fullName} is not known here`)
    const rules = withDefaults(req.body)
    const row = await saveRules(req.em, target.repository, rules, target.actor)
    // Requests waiting for checks are decided again under the new rules.
    const redecided = await redecideWaiting(req.em.fork(), target.repository.id, rules, row.version)
    try {
      for (const id of redecided.released) await requeueCallback(app.queues.callbacks, id)
    } catch (err) {
      // They are pending: the worker's sweeper sends them once the queue answers again.
      req.log.warn({ err, requests: redecided.released.length }, 'deploy rules: could not queue the released requests; the sweeper will')
    }
    req.log.info({ repository: target.fullName, version: row.version, changedBy: target.actor, released: redecided.released.length, held: redecided.held.length, cancelled: redecided.cancelled.length }, 'deploy rules changed')
    return stateOf(target.fullName, row, req.log)
  })
}
export default route
