import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DeadLetter } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import { SECURITY } from '../../lib/auth/security.ts'
import { findVisibleDeadLetter } from '../../lib/events/dead-letters.ts'
import { requeueDelivery } from '../../lib/events/requeue-delivery.ts'
import { emptyBodyWhenNone, errors, NoBody } from '../schemas.ts'
import { DeadLetterParams, DeadLetterReplayBody } from './dead-letter-schemas.ts'

/**
 * Puts a dead letter's delivery back on the events queue, once its cause is fixed. Marked
 * replayed before it is queued: if it fails again at once, the worker's new failure (which
 * clears the mark) comes after this one.
 */
const route: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/events/dead-letters/:id/replay', {
    onRequest: app.requireUserOrPlatform,
    preValidation: emptyBodyWhenNone,
    schema: {
      operationId: 'replayDeadLetter',
      tags: ['events'],
      summary: 'Put a dead letter\'s delivery back on the events queue',
      description: 'Under its original delivery id: the worker stores it like any delivery, once (replaying twice stores one event). The dead letter is marked replayedAt; if the delivery fails again, the same dead letter says so.',
      security: SECURITY.userWithCsrfOrPlatform,
      params: DeadLetterParams,
      body: NoBody,
      response: { 202: DeadLetterReplayBody, ...errors(400, 401, 403, 404, 409, 429, 503) },
    },
  }, async (req, reply) => {
    const letter = await findVisibleDeadLetter(req.em, req.params.id, await app.eventsAccess.visibility(req))
    const replayedAt = new Date()
    await req.em.nativeUpdate(DeadLetter, { id: letter.id }, { replayedAt })
    try {
      await requeueDelivery(app.queues.events, letter)
    } catch (err) {
      await req.em.nativeUpdate(DeadLetter, { id: letter.id }, { replayedAt: letter.replayedAt ?? null })
      if (err instanceof HttpError) throw err
      req.log.warn({ err, deadLetter: letter.id }, 'dead letter replay: events queue unreachable')
      throw new HttpError(503, 'unavailable', 'the events queue cannot be reached right now (Redis): nothing was replayed, try again shortly', { 'retry-after': '5' })
    }
    req.log.info({ deadLetter: letter.id, deliveryId: letter.deliveryId }, 'dead letter replayed')
    return reply.code(202).send({ id: letter.id, deliveryId: letter.deliveryId ?? '', replayedAt: replayedAt.toISOString() })
  })
}
export default route
