import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CallbackAttempt, DeploymentRequest, type ICallbackAttempt, statusHistory, wentInstead } from '@gwm/domain'
import { traceIdOf } from '@gwm/runtime'
import type { Static } from 'typebox'
import { SECURITY } from '../../lib/auth/security.ts'
import { findVisibleEvent } from '../../lib/events/find-event.ts'
import { payloadText } from '../../lib/events/payload-text.ts'
import { receiptRange } from '../../lib/events/receipt-range.ts'
import { redeliveredIds } from '../../lib/events/redelivered.ts'
import { statusItem } from '../deployments/serialize.ts'
import { errors } from '../schemas.ts'
import { DeliveryParams, EventDetail } from './schemas.ts'
import { attemptItem, eventFields, requestItem, supersededIds, withPayload } from './serialize.ts'

const route: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/events/:deliveryId', {
    preHandler: app.requireUserOrPlatform,
    schema: {
      operationId: 'getEvent',
      tags: ['events'],
      summary: 'One event: its payload, the deployment requests derived from it, every callback attempt and what the platform reported',
      security: SECURITY.userOrPlatform,
      params: DeliveryParams,
      response: { 200: EventDetail, ...errors(400, 401, 404, 429, 503) },
    },
  }, async (req, reply) => {
    const event = await findVisibleEvent(req.em, req.params.deliveryId, await app.eventsAccess.visibility(req))
    // What hangs off the event carries its receipt time: only that day's partitions are read.
    const received = receiptRange([event])
    const requests = await req.em.find(DeploymentRequest, { event: event.id, receivedAt: received }, { orderBy: { createdAt: 'asc' } })
    const attempts = requests.length
      ? await req.em.find(CallbackAttempt, { request: { $in: requests.map((r) => r.id) }, receivedAt: received }, { orderBy: { attempt: 'asc' } })
      : []
    const byRequest = Map.groupBy(attempts, (attempt: ICallbackAttempt) => attempt.request?.id ?? '')
    const statuses = await statusHistory(req.em, requests.map((r) => r.id), received)
    const went = await wentInstead(req.em, supersededIds(requests))
    const detail = {
      ...eventFields(event, requests, (await redeliveredIds(req.em, [event.deliveryId])).has(event.deliveryId)),
      traceId: traceIdOf(event.traceparent),
      requests: requests.map((request) => ({
        ...requestItem(request, went),
        callbackAttempts: (byRequest.get(request.id) ?? []).map(attemptItem),
        statuses: (statuses.get(request.id) ?? []).map(statusItem),
      })),
    }
    const body = withPayload(detail, await payloadText(req.em, event))
    // Already JSON text in the shape of EventDetail: with a JSON content type Fastify sends a
    // string as it is, skipping the schema's serializer (the type provider expects an object).
    return reply.type('application/json; charset=utf-8').send(body as unknown as Static<typeof EventDetail>)
  })
}
export default route
