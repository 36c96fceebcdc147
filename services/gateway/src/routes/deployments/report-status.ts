import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { recordPlatformStatus } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import { SECURITY } from '../../lib/auth/security.ts'
import { platformStatusMessage } from '../../lib/deployments/activity.ts'
import { httpUrlProblem } from '../../lib/deployments/http-url.ts'
import { queueMirror } from '../../lib/deployments/mirror.ts'
import { errors } from '../schemas.ts'
import { RequestParams, StatusAnswer, StatusInput } from './schemas.ts'
import { platformItem, statusItem } from './serialize.ts'

const NOT_SENT: Record<string, string> = {
  superseded: 'a newer request of its environment went instead (supersededBy)',
  cancelled: 'it was cancelled before it was sent (lastError says why)',
  blocked: 'the CI gate blocked it',
  waiting_checks: 'the CI gate holds it until its commit\'s checks pass',
}

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/deployments/:requestId/statuses', {
    // The platform's token is checked before anything else: no one else learns what a body should be.
    onRequest: app.requirePlatform,
    schema: {
      tags: ['deployments'],
      operationId: 'reportDeploymentStatus',
      summary: 'The platform reports the status of a deployment request',
      description: 'Idempotent: the same status (state and fields) twice is stored once; the repeat answers 200 with it and ' +
        '`repeated: true`. Ordered: queued < in_progress < success | failure | error < inactive; a status ranked below the ' +
        'request\'s current state is kept as history (`applied: false`) without changing it; a later outcome replaces an ' +
        'earlier one. 409 for a request that was never sent (superseded, cancelled, blocked, waiting for checks). In GitHub ' +
        'App mode the worker then shows it on GitHub as a deployment status; in OAuth App mode it is not mirrored.',
      security: SECURITY.platform,
      params: RequestParams,
      body: StatusInput,
      response: { 201: StatusAnswer, 200: StatusAnswer, ...errors(400, 401, 404, 409, 429, 503) },
    },
  }, async (req, reply) => {
    const { requestId } = req.params
    const problem = httpUrlProblem('body/environmentUrl', req.body.environmentUrl) ?? httpUrlProblem('body/logUrl', req.body.logUrl)
    if (problem) throw new HttpError(400, 'validation_failed', problem)
    const recorded = await recordPlatformStatus(req.em, requestId, req.body)
    if (recorded.outcome === 'not_found') {
      throw new HttpError(404, 'not_found', `no deployment request ${requestId}: use the id of a callback you received (its webhook-id, the body's id)`)
    }
    if (recorded.outcome === 'not_sent') {
      const { status } = recorded.request
      throw new HttpError(409, 'not_sent', `deployment request ${requestId} is ${status}: ${NOT_SENT[status] ?? 'it was not sent'}, so it takes no status`)
    }
    const { request, status, deliveryId } = recorded
    const repeated = recorded.outcome === 'repeated'
    if (!repeated) app.activityFeed.publish(platformStatusMessage(request, status, deliveryId))
    const githubMirror = await queueMirror(app.queues, request, status)
    req.log.info({ requestId, statusId: status.id, state: status.state, applied: status.applied, repeated, githubMirror }, 'platform status')
    return reply.code(repeated ? 200 : 201).send({
      status: statusItem(status),
      repeated,
      request: { id: request.id, ...platformItem(request) },
      githubMirror,
    })
  })
}
export default route
