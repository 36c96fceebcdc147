import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DeploymentRequest, deriveRequests, insertRequests } from '@gwm/domain'
import { requeueCallback } from '@gwm/queue'
import type { Queue } from 'bullmq'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import type { Access } from './access.ts'
import { findVisibleEvent } from './find-event.ts'
import { payloadText } from './payload-text.ts'
import { SECURITY } from '../../plugins/app/auth.ts'
import { DeliveryParams, ReplayBody } from './schemas.ts'
import { requestItem } from './serialize.ts'

/**
 * Re-runs the rules on the stored payload (adding only the requests the event lacks) and
 * sends every request's callback again with its original webhook-id, so the platform can
 * treat a replay of something it already has as the duplicate it is.
 */
const route = (access: Access, callbacks: Queue): FastifyPluginAsyncTypebox => async (app) => {
  app.post('/api/events/:deliveryId/replay', {
    preHandler: app.requireUserOrPlatform,
    preValidation: emptyBodyWhenNone,
    schema: {
      tags: ['events'],
      summary: 'Re-run the rules and re-send the callbacks of one event',
      description: 'Idempotent per request: nothing is derived twice, and a re-sent callback keeps its webhook-id. Requests already on their way are left as they are.',
      security: SECURITY.userWithCsrfOrPlatform,
      params: DeliveryParams,
      body: NoBody,
      response: { 202: ReplayBody, ...errors(400, 401, 403, 404, 429) },
    },
  }, async (req, reply) => {
    const event = await findVisibleEvent(req.em, req.params.deliveryId, await access.visibility(req))
    // Parsed from the stored text: JSON.parse copes with any depth the column holds.
    const payload = event.repository ? JSON.parse(await payloadText(req.em, event.id, event.deliveryId)) : {}
    const created = await req.em.transactional(async (tx) => {
      const ids = event.repository ? await insertRequests(tx, event.id, event.repository, deriveRequests(event.event, payload)) : []
      await tx.nativeUpdate(DeploymentRequest, { event: event.id, status: { $in: ['delivered', 'failed'] } }, { status: 'pending', nextAttemptAt: new Date() })
      return ids.length
    })
    const requests = await req.em.fork().find(DeploymentRequest, { event: event.id }, { orderBy: { createdAt: 'asc' } })
    let enqueued = true
    try {
      for (const request of requests) await requeueCallback(callbacks, request.id)
    } catch (err) {
      // The rows say pending: the worker's sweeper enqueues them once the queue answers again.
      req.log.warn({ err, deliveryId: event.deliveryId }, 'replay: queue unreachable, leaving the callbacks to the sweeper')
      enqueued = false
    }
    req.log.info({ deliveryId: event.deliveryId, created, requests: requests.length }, 'event replayed')
    return reply.code(202).send({ deliveryId: event.deliveryId, created, requeued: requests.length, enqueued, requests: requests.map(requestItem) })
  })
}
export default route
