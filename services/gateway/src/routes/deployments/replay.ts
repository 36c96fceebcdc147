import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DeploymentRequest } from '@gwm/domain'
import { requeueCallback } from '@gwm/queue'
import { HttpError } from '@gwm/runtime'
import { SECURITY } from '../../lib/auth/security.ts'
import { requeueRequest } from '../../lib/deployments/replay-request.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import { ReplayRequestBody, RequestParams } from './schemas.ts'

/**
 * Re-sends the callback of one deployment request under its original webhook-id, as the event
 * replay does for every request of an event.
 */
const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/deployments/:requestId/replay', {
    // Who is asking comes before what they sent: without a session or token the answer is 401, whatever the id.
    onRequest: app.requireUserOrPlatform,
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'replayDeploymentRequest',
      tags: ['deployments'],
      summary: 'Re-send the callback of one deployment request',
      description: 'For a request sent before (delivered or failed): sets it back to pending and queues its callback (original webhook-id). ' +
        'Idempotent: a request already back to pending is not queued twice. A request never sent (superseded, cancelled, blocked, ' +
        'or still on its way) answers 409. A user needs admin rights on the repository on GitHub now (asked then: 503 when GitHub ' +
        'cannot be asked), with the CSRF token; the platform may replay any request.',
      security: SECURITY.userWithCsrfOrPlatform,
      params: RequestParams,
      body: NoBody,
      response: { 202: ReplayRequestBody, ...errors(400, 401, 403, 404, 409, 429, 503) },
    },
  }, async (req, reply) => {
    const { requestId } = req.params
    const unknown = () => new HttpError(404, 'not_found', `no deployment request ${requestId} that you can see: the id is a callback's webhook-id`)
    const request = await req.em.findOne(DeploymentRequest, { id: requestId }, { populate: ['repository'] })
    if (!request) throw unknown()
    try {
      await app.eventsAccess.requireAdmin(req, request.repository)
    } catch (err) {
      if (err instanceof HttpError && err.statusCode === 404) throw unknown()
      throw err
    }
    const replay = await requeueRequest(req.em, requestId)
    if (replay.outcome === 'unknown') throw unknown()
    if (replay.outcome === 'never_sent') {
      throw new HttpError(409, 'conflict', `deployment request ${requestId} is ${replay.status}: it was never sent, so there is nothing to send again; only a delivered or failed request can be replayed`)
    }
    if (replay.outcome === 'requeued') {
      try {
        await requeueCallback(app.queues.callbacks, requestId)
      } catch (err) {
        // The row says pending: the worker's sweeper enqueues it once the queue answers again.
        req.log.warn({ err, requestId }, 'request replay: queue unreachable, leaving the callback to the sweeper')
      }
    }
    req.log.info({ requestId, outcome: replay.outcome }, 'deployment request replayed')
    return reply.code(202).send({ requestId, status: 'pending' as const })
  })
}
export default route
