import type { StoredDeliveries } from '@gwm/domain'
import { type InboxEntry, inboxJobData, JOBS } from '@gwm/queue'
import type { Queue } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import { checkJob } from '../check-job.ts'
import { prepareDelivery } from './prepare-delivery.ts'
import type { DeliveryStore } from './store-deliveries.ts'

export interface InboxStoreOptions {
  store: DeliveryStore
  /** The `events` queue: what cannot be stored here becomes its jobs. */
  events: Queue
  log: FastifyBaseLogger
}

const { options } = JOBS['github-event']
const STORE_WARNING_EVERY_MS = 5_000

/** The stream id's first part is the append time in milliseconds. */
const appendedAt = (entryId: string) => Number(entryId.split('-')[0]) || Date.now()

/**
 * Stores a batch of inbox entries in one go. An entry that would fail as a job (fields that do
 * not fit, a payload that is not a JSON object) goes to the `events` queue, where it fails
 * visibly instead of taking the batch down with it; a batch that cannot be stored (Postgres
 * away, a row Postgres refuses) goes there whole, and the jobs' retries take over. Resolves to
 * what was stored (undefined when nothing was); rejects only when the queue cannot be reached,
 * and the relay then leaves the entries in the inbox.
 */
export function createInboxStore({ store, events, log }: InboxStoreOptions) {
  let lastWarning = 0
  const queue = (entries: InboxEntry[]) =>
    entries.length === 0 ? undefined : events.addBulk(entries.map((entry) => ({ name: 'github-event', data: inboxJobData(entry), opts: { ...options, jobId: entry.jobId } })))

  return async function storeInbox(entries: InboxEntry[]): Promise<StoredDeliveries | undefined> {
    const ready: InboxEntry[] = []
    const refused: InboxEntry[] = []
    const deliveries = []
    for (const entry of entries) {
      try {
        deliveries.push(prepareDelivery(checkJob('github-event', { ...entry.data, payload: '' }), entry.payload, appendedAt(entry.entryId)))
        ready.push(entry)
      } catch {
        refused.push(entry)
      }
    }
    await queue(refused)
    if (deliveries.length === 0) return undefined
    try {
      return await store(deliveries)
    } catch (error) {
      if (Date.now() - lastWarning > STORE_WARNING_EVERY_MS) {
        lastWarning = Date.now()
        log.warn({ err: error, entries: ready.length }, 'could not store an inbox batch; it goes to the events queue')
      }
      await queue(ready)
      return undefined
    }
  }
}
