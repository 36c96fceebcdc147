import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requeueCallback } from '@gwm/queue'
import { SECURITY } from '../../lib/auth/security.ts'
import { replayTarget, requeueFailed } from '../../lib/events/replay-failed.ts'
import { errors } from '../schemas.ts'
import { ReplayFailedBody, ReplayFailedRequest } from './replay-failed-schemas.ts'
import { RepoParams } from './schemas.ts'

/**
 * Bulk replay: the failed deployment requests of one repository since a time are sent again, each
 * under its own webhook-id, as POST /api/events/{deliveryId}/replay sends one event's.
 */
const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/repos/:owner/:repo/replay-failed', {
    // Who is asking comes before what they sent: without a session or token the answer is 401, whatever the body.
    onRequest: app.requireUserOrPlatform,
    schema: {
      operationId: 'replayFailedRequests',
      tags: ['events'],
      summary: 'Re-send the failed deployment requests of a repository since a time',
      description: 'Sets the requests of the repository that failed at or after `since` back to pending and queues their callbacks ' +
        '(original webhook-id each), oldest failure first, at most `limit` (default 100, at most 500); `more` says whether others remain. ' +
        'Idempotent: a request already queued again and not failed since is not queued twice. A user needs admin rights on the ' +
        'repository on GitHub now (asked then: 503 when GitHub cannot be asked), with the CSRF token; the platform may replay any repository known here.',
      security: SECURITY.userWithCsrfOrPlatform,
      params: RepoParams,
      body: ReplayFailedRequest,
      response: { 202: ReplayFailedBody, ...errors(400, 401, 403, 404, 429, 502, 503) },
    },
  }, async (req, reply) => {
    const repository = await replayTarget(app.github, req)
    const since = new Date(req.body.since)
    const { requestIds, more } = await requeueFailed(req.em, repository.id, since, req.body.limit ?? 100)
    let enqueued = true
    try {
      for (const id of requestIds) await requeueCallback(app.queues.callbacks, id)
    } catch (err) {
      // The rows say pending: the worker's sweeper enqueues them once the queue answers again.
      req.log.warn({ err, repository: repository.fullName }, 'replay-failed: queue unreachable, leaving the callbacks to the sweeper')
      enqueued = false
    }
    req.log.info({ repository: repository.fullName, queued: requestIds.length, more }, 'failed requests replayed')
    return reply.code(202).send({ repository: repository.fullName, since: since.toISOString(), queued: requestIds.length, more, enqueued, requestIds })
  })
}
export default route
