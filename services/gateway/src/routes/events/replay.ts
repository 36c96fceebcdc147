import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DeploymentRequest, repositoryFields, storeDeliveries, wentInstead } from '@gwm/domain'
import { enqueueDeploymentMirrors, requeueCallback } from '@gwm/queue'
import { SECURITY } from '../../lib/auth/security.ts'
import { findVisibleEvent } from '../../lib/events/find-event.ts'
import { payloadText } from '../../lib/events/payload-text.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import { DeliveryParams, ReplayBody } from './schemas.ts'
import { requestItem, supersededIds } from './serialize.ts'

/**
 * Re-runs the rules on the stored payload (adding only the requests the event lacks) and
 * sends every request's callback again with its original webhook-id, so the platform can
 * treat a replay of something it already has as the duplicate it is.
 */
const route: FastifyPluginAsyncTypebox = async (app) => {
  const { eventsAccess: access, queues } = app

  app.post('/api/events/:deliveryId/replay', {
    preHandler: app.requireUserOrPlatform,
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'replayEvent',
      tags: ['events'],
      summary: 'Re-run the rules and re-send the callbacks of one event',
      description: 'Idempotent per request: nothing is derived twice, and a re-sent callback keeps its webhook-id. Requests already on their way are left as they are. A user needs admin rights on the repository on GitHub at the time of the replay (asked then: 503 and nothing replayed when GitHub cannot be asked).',
      security: SECURITY.userWithCsrfOrPlatform,
      params: DeliveryParams,
      body: NoBody,
      response: { 202: ReplayBody, ...errors(400, 401, 403, 404, 429, 503) },
    },
  }, async (req, reply) => {
    const event = await findVisibleEvent(req.em, req.params.deliveryId, await access.visibility(req))
    // Re-sending a deployment needs admin rights now, asked of GitHub without the cache: fails closed.
    await access.requireAdmin(req, event.repository ?? null)
    const text = await payloadText(req.em, event)
    // Parsed from the stored text: JSON.parse copes with any depth the column holds.
    const payload = JSON.parse(text) as Record<string, unknown>
    // Stored as any delivery is: the event exists, so only the requests it lacks are written.
    const stored = await storeDeliveries(req.em.fork(), [{
      eventId: event.id,
      deliveryId: event.deliveryId,
      hookId: event.hookId,
      event: event.event,
      action: event.action ?? null,
      sender: event.sender ?? null,
      receivedAt: event.receivedAt,
      payload,
      payloadBytes: Buffer.from(text),
      repository: event.repository ? repositoryFields(payload.repository) : null,
      installationId: event.installationId ?? null,
    }], { rederive: true })
    const created = stored.created.length
    await req.em.fork().nativeUpdate(DeploymentRequest, { event: event.id, status: { $in: ['delivered', 'failed'] } }, { status: 'pending', nextAttemptAt: new Date() })
    const requests = await req.em.fork().find(DeploymentRequest, { event: event.id }, { orderBy: { createdAt: 'asc' } })
    let enqueued = true
    try {
      for (const request of requests) await requeueCallback(queues.callbacks, request.id)
      // App mode: requests the replay made get their GitHub Deployment like any new one (the worker's github-writes queue).
      await enqueueDeploymentMirrors(queues.githubWrites, stored.created)
    } catch (err) {
      // The rows say pending: the worker's sweeper enqueues them once the queue answers again.
      req.log.warn({ err, deliveryId: event.deliveryId }, 'replay: queue unreachable, leaving the callbacks to the sweeper')
      enqueued = false
    }
    const went = await wentInstead(req.em, supersededIds(requests))
    req.log.info({ deliveryId: event.deliveryId, created, requests: requests.length }, 'event replayed')
    return reply.code(202).send({ deliveryId: event.deliveryId, created, requeued: requests.length, enqueued, requests: requests.map((request) => requestItem(request, went)) })
  })
}
export default route
