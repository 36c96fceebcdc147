import type { StoredDeliveries } from '@gwm/domain'
import type { GitHubEventJob } from '@gwm/queue'
import type { Job } from 'bullmq'
import { prepareDelivery } from '../store/prepare-delivery.ts'
import type { DeliveryStore } from '../store/store-deliveries.ts'

/**
 * github-event: one delivery the inbox could not store (or a producer queued directly), stored
 * as a batch of one and handed on like any other. Safe to run twice: the second run writes
 * nothing and hands on only what is still open.
 */
export const makeProcessGitHubEvent = (store: DeliveryStore, handOff: (stored: StoredDeliveries) => Promise<void>) => async (job: Job, data: GitHubEventJob) => {
  const { payload, ...fields } = data
  const stored = await store([prepareDelivery(fields, Buffer.from(payload), job.timestamp)])
  await handOff(stored)
  const [one] = stored.deliveries
  return { eventId: one?.duplicate ? undefined : one?.delivery.eventId, duplicate: one?.duplicate, requests: stored.created.map((r) => r.id) }
}
