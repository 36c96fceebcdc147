import type { GitHubEventJob } from '@gwm/queue'
import type { Job } from 'bullmq'
import type { WorkerContext } from '../context.ts'
import { actionOf, hookIdOf, receivedAtOf } from './delivery-fields.ts'
import { parsePayload } from './parse-payload.ts'
import { storeEvent } from './store-event.ts'

/**
 * github-event: persist the delivery and its deployment requests in one transaction, then
 * enqueue one callback job per pending request. Safe to run twice for one delivery: the
 * second run writes nothing and only re-enqueues what is still pending.
 */
export const makeProcessGitHubEvent = (ctx: WorkerContext) => async (job: Job, data: GitHubEventJob) => {
  const { deliveryId, event } = data
  const { object: payload, json } = parsePayload(data.payload)
  const stop = ctx.metrics.eventSeconds.startTimer()
  const stored = await storeEvent(ctx.orm.em.fork(), {
    deliveryId,
    hookId: hookIdOf(data, payload),
    event,
    action: actionOf(data, payload),
    receivedAt: receivedAtOf(data, job.timestamp),
    payload,
    payloadJson: json,
  })
  await ctx.hooks.afterCommit?.(stored)
  // In flight together: one wait for Redis however many requests the event derived.
  await Promise.all(stored.pendingRequestIds.map((id) => ctx.enqueueCallback(id)))
  stop()

  ctx.metrics.events.inc({ event, outcome: stored.duplicate ? 'duplicate' : 'stored' })
  if (stored.created > 0) ctx.metrics.requestsCreated.inc(stored.created)
  // No child logger per job: at LOG_LEVEL=warn this line costs an object literal, nothing more.
  const fields = { deliveryId, event, jobId: job.id, eventId: stored.eventId, duplicate: stored.duplicate, requests: stored.pendingRequestIds.length }
  ctx.log.info(fields, stored.duplicate ? 'duplicate delivery: nothing stored' : 'event stored')
  if (!stored.duplicate) {
    ctx.publish({
      type: 'event.stored',
      deliveryId,
      eventId: stored.eventId,
      repositoryId: stored.repositoryId,
      event,
      action: data.action ?? null,
      requests: stored.created,
      at: new Date().toISOString(),
    })
  }
  return { eventId: stored.eventId, duplicate: stored.duplicate, requests: stored.pendingRequestIds }
}
