import { createRepositoryCache, type Delivery, installationRecords, type MikroORM, type RulesCache, type StoredDeliveries, storeDeliveries } from '@gwm/domain'
import type { ActivityMessage, InstallationRecord } from '@gwm/queue'
import type { FastifyBaseLogger } from 'fastify'
import type { WorkerMetrics } from '../metrics.ts'

export interface DeliveryStoreOptions {
  orm: MikroORM
  /** Deploy rules as last read, each read again once its version changes. */
  rules: RulesCache
  /** How long the new requests are leased to this worker, which attempts them right after. */
  leaseMs: number
  metrics: WorkerMetrics
  log: FastifyBaseLogger
  publish: (messages: ActivityMessage[]) => void
  /** App mode: hands the installations a batch changed to the ingest's registry. */
  publishInstallations: (records: InstallationRecord[]) => Promise<void>
  /** App mode: what a push changed, from GitHub, when its payload may not list it all. */
  changedFiles?: (delivery: Delivery) => Promise<string[] | null>
}

/**
 * Requests replaced before they were sent, each once: new ones that arrived superseded, and
 * older ones a new one replaced (those of the same batch are both, so they are counted as the former).
 */
function countSuperseded({ created }: StoredDeliveries): number {
  const made = new Set(created.map((request) => request.id))
  let count = 0
  for (const { queue } of created) {
    if (queue?.status === 'superseded') count++
    for (const id of queue?.supersedes ?? []) if (!made.has(id)) count++
  }
  return count
}

/**
 * The worker's one way to store deliveries, from the inbox or from an events job: @gwm/domain's
 * storeDeliveries with this worker's repository cache, the new requests leased to it, and each
 * delivery counted, logged and announced on the live feed.
 */
export function createDeliveryStore({ orm, rules, leaseMs, metrics, log, publish, publishInstallations, changedFiles }: DeliveryStoreOptions) {
  const repositories = createRepositoryCache()

  function report(stored: StoredDeliveries, seconds: number) {
    const at = stored.at.toISOString()
    const messages: ActivityMessage[] = []
    for (const { delivery, duplicate, repositoryId, requests } of stored.deliveries) {
      metrics.events.inc({ event: delivery.event, outcome: duplicate ? 'duplicate' : 'stored' })
      metrics.eventSeconds.observe(seconds)
      // No child logger per delivery: at LOG_LEVEL=warn this line costs an object literal, nothing more.
      const fields = { deliveryId: delivery.deliveryId, event: delivery.event, eventId: duplicate ? undefined : delivery.eventId, duplicate, requests: requests.length }
      log.info(fields, duplicate ? 'duplicate delivery: nothing stored' : 'event stored')
      if (duplicate) continue
      messages.push({ type: 'event.stored', deliveryId: delivery.deliveryId, eventId: delivery.eventId, repositoryId, event: delivery.event, action: delivery.action, requests: requests.length, at })
    }
    if (stored.created.length > 0) metrics.requestsCreated.inc(stored.created.length)
    const superseded = countSuperseded(stored)
    if (superseded > 0) metrics.requestsSuperseded.inc(superseded)
    if (stored.blocked.length > 0) metrics.requestsBlocked.inc({ reason: 'checks_failed' }, stored.blocked.length)
    publish(messages)
  }

  return async function store(deliveries: Delivery[]): Promise<StoredDeliveries> {
    metrics.storeBatchSize.observe(deliveries.length)
    const started = performance.now()
    const stored = await storeDeliveries(orm.em.fork(), deliveries, { repositories, rules, leaseMs, ...(changedFiles ? { changedFiles } : {}) })
    report(stored, (performance.now() - started) / 1000)
    if (stored.installations.length > 0) {
      // Stored already: a registry that could not be told now is rebuilt when a worker starts.
      await installationRecords(orm.em.fork(), stored.installations)
        .then(publishInstallations)
        .catch((err) => log.warn({ err, installations: stored.installations }, 'could not publish installation changes to the ingest registry'))
    }
    return stored
  }
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>
