import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DeadLetter } from '@gwm/domain'

const NEWEST = 20

/**
 * GET /admin/failed: what failed for good. Dead letters (deliveries the worker gave up storing)
 * not replayed yet, the newest first, and each queue's failed jobs (callbacks out of attempts
 * among them). Replaying is the events API's: POST /api/events/dead-letters/{id}/replay.
 */
const failed: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/failed', { schema: { hide: true } }, async (req) => {
    const where = { replayedAt: null }
    const [waiting, newest, failedJobs] = await Promise.all([
      req.em.count(DeadLetter, where),
      req.em.find(DeadLetter, where, { orderBy: { lastFailedAt: 'desc', id: 'desc' }, limit: NEWEST, fields: ['id', 'deliveryId', 'event', 'action', 'error', 'attempts', 'lastFailedAt'] }),
      Promise.all(app.operations.queues.map(async (queue) => [queue.name, await queue.getFailedCount()] as const)),
    ])
    return {
      deadLetters: {
        waiting,
        newest: newest.map(({ id, deliveryId, event, action, error, attempts, lastFailedAt }) => ({ id, deliveryId, event, action, error, attempts, lastFailedAt })),
      },
      failedJobs: Object.fromEntries(failedJobs),
    }
  })
}
export default failed
