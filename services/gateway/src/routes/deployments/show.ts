import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DeploymentRequest, statusHistory, WebhookEvent, wentInstead } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import { SECURITY } from '../../lib/auth/security.ts'
import { mayRead } from '../../lib/deployments/access.ts'
import { requestItem, supersededIds } from '../events/serialize.ts'
import { errors } from '../schemas.ts'
import { DeploymentBody, RequestParams } from './schemas.ts'
import { statusItem } from './serialize.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/deployments/:requestId', {
    onRequest: app.requireUserOrPlatform,
    schema: {
      tags: ['deployments'],
      operationId: 'getDeployment',
      summary: 'One deployment request, its current state and every status the platform reported',
      description: 'For the platform (bearer PLATFORM_API_TOKEN), or a signed-in user who can see the repository on GitHub. ' +
        'Statuses newest first.',
      security: SECURITY.userOrPlatform,
      params: RequestParams,
      response: { 200: DeploymentBody, ...errors(400, 401, 404, 429, 502, 503) },
    },
  }, async (req) => {
    const { requestId } = req.params
    const request = await req.em.findOne(DeploymentRequest, { id: requestId }, { populate: ['repository'] })
    if (!request || !(await mayRead(app.github, req, request.repository))) {
      throw new HttpError(404, 'not_found', `no deployment request ${requestId} that you can see: the id is a callback's webhook-id`)
    }
    const event = await req.em.findOne(WebhookEvent, { id: request.event.id }, { fields: ['deliveryId'] })
    const statuses = await statusHistory(req.em, [request.id])
    const went = await wentInstead(req.em, supersededIds([request]))
    return {
      ...requestItem(request, went),
      deliveryId: event?.deliveryId ?? null,
      repository: { id: request.repository.githubId, fullName: request.repository.fullName },
      statuses: (statuses.get(request.id) ?? []).map(statusItem),
    }
  })
}
export default route
