import type { EntityManager } from '@gwm/domain'
import { type ActivityMessage, enqueueCallbacks, type InboxEntry } from '@gwm/queue'
import type { Queue } from 'bullmq'
import type { FirstAttempts } from '../callbacks/first-attempts.ts'
import { type Outbound, requestOutbound } from '../callbacks/message.ts'
import { statusMessage } from '../callbacks/status-message.ts'
import type { WorkerContext } from '../context.ts'
import { runPrepared } from '../db/prepared.ts'
import { type PreparedDelivery, prepareDeliveries } from './prepare-deliveries.ts'
import { createRepositoryCache, resolveRepositories } from './resolve-repositories.ts'
import { type BatchRequest, batchRequests, writeBatch } from './write-batch.ts'

export interface BatchStoreOptions {
  ctx: WorkerContext
  firstAttempts: FirstAttempts
  callbacks: Queue
  /** CALLBACK_ATTEMPTS, for the requests that go to the callbacks queue. */
  callbackAttempts: number
  publishMany: (messages: ActivityMessage[]) => void
}

// A redelivery's requests still open (their worker died before sending them), except those whose
// first attempt is under way: leased (delivering) until a time still to come.
const LEFTOVERS_SQL = `
  select d.id from deployment_requests d join webhook_events e on e.id = d.event_id
  where (e.hook_id, e.delivery_id) in (select * from unnest(?::bigint[], ?::text[]))
    and (d.status = 'pending' or (d.status = 'delivering' and d.next_attempt_at <= now()))`

async function leftoversOf(em: EntityManager, duplicates: PreparedDelivery[]): Promise<string[]> {
  if (duplicates.length === 0) return []
  const keys = [duplicates.map((d) => d.hookId), duplicates.map((d) => d.deliveryId)]
  const rows = await runPrepared<{ id: string }>(em, LEFTOVERS_SQL, keys, { planEachTime: true })
  return rows.map((row) => row.id)
}

function outboundOf(request: BatchRequest, repositoryId: string, at: Date): Outbound {
  const { delivery, derived } = request
  const repository = delivery.repository!
  return requestOutbound({
    id: request.id,
    kind: derived.kind,
    environment: derived.environment,
    ref: derived.ref,
    sha: derived.sha,
    pull_request: derived.pullRequest ?? null,
    status: 'delivering',
    attempts: 0,
    last_error: null,
    created_at: at,
    repository_id: repositoryId,
    github_id: repository.githubId,
    full_name: repository.fullName,
    default_branch: repository.defaultBranch,
    private: repository.private,
    event_id: delivery.eventId,
    delivery_id: delivery.deliveryId,
    event: delivery.event,
    action: delivery.action,
    sender: delivery.sender,
    received_at: delivery.receivedAt,
  })
}

/**
 * Stores a batch of inbox entries straight into Postgres, the events job's work done for many
 * deliveries at once: one read of their repositories, one statement for their events and
 * requests. Then the new requests' first callback attempts go out from here (as many as have a
 * free slot; the rest become callbacks jobs), and a redelivery's open requests are enqueued.
 * Returns the entries it left for the events queue (those that would fail there as jobs).
 * Throws if the batch could not be stored: the caller then queues every entry as a job.
 */
export function createBatchStore({ ctx, firstAttempts, callbacks, callbackAttempts, publishMany }: BatchStoreOptions) {
  const repositories = createRepositoryCache()
  return async function storeBatch(entries: InboxEntry[]): Promise<InboxEntry[]> {
    const { ready, refused } = prepareDeliveries(entries)
    if (ready.length === 0) return refused
    const started = performance.now()
    const em = ctx.orm.em.fork()
    const repositoryIds = await resolveRepositories(em, ready, repositories)
    const derived = batchRequests(ready, repositoryIds)
    const granted = firstAttempts.reserve(derived.length)
    const requests = derived.map((request, i) => ({ ...request, inline: i < granted }))
    let written: Awaited<ReturnType<typeof writeBatch>>
    try {
      written = await writeBatch(em, ready, repositoryIds, requests, firstAttempts.leaseMs)
    } catch (error) {
      firstAttempts.release(granted)
      // A cached row may be what failed (a repository removed meanwhile): read them afresh next time.
      repositories.clear()
      throw error
    }
    const created = requests.filter((r) => written.requestIds.has(r.id))
    const inline = created.filter((r) => r.inline)
    firstAttempts.release(granted - inline.length)
    const seconds = (performance.now() - started) / 1000

    const requestsOf = Map.groupBy(created, (r) => r.delivery.eventId)
    const repositoryIdOf = (d: PreparedDelivery) => (d.repository ? (repositoryIds.get(d.repository.githubId) ?? null) : null)
    if (ctx.hooks.afterCommit) {
      for (const d of ready.filter((d) => written.eventIds.has(d.eventId))) {
        const own = requestsOf.get(d.eventId) ?? []
        await ctx.hooks.afterCommit({ eventId: d.eventId, repositoryId: repositoryIdOf(d), duplicate: false, pendingRequestIds: own.map((r) => r.id), created: own.length })
      }
    }
    const outbounds = inline.map((r) => outboundOf(r, repositoryIdOf(r.delivery)!, written.at))
    for (const outbound of outbounds) firstAttempts.send(outbound)
    const duplicates = ready.filter((d) => !written.eventIds.has(d.eventId))
    const queued = [...created.filter((r) => !r.inline).map((r) => r.id), ...(await leftoversOf(em, duplicates))]
    await enqueueCallbacks(callbacks, queued, callbackAttempts)

    const at = written.at.toISOString()
    const messages: ActivityMessage[] = []
    for (const d of ready) {
      const duplicate = !written.eventIds.has(d.eventId)
      const own = requestsOf.get(d.eventId)?.length ?? 0
      ctx.metrics.events.inc({ event: d.event, outcome: duplicate ? 'duplicate' : 'stored' })
      ctx.metrics.eventSeconds.observe(seconds)
      ctx.log.info({ deliveryId: d.deliveryId, event: d.event, eventId: duplicate ? undefined : d.eventId, duplicate, requests: own }, duplicate ? 'duplicate delivery: nothing stored' : 'event stored')
      if (duplicate) continue
      messages.push({ type: 'event.stored', deliveryId: d.deliveryId, eventId: d.eventId, repositoryId: repositoryIdOf(d), event: d.event, action: d.action, requests: own, at })
    }
    for (const outbound of outbounds) messages.push(statusMessage(outbound, written.at))
    publishMany(messages)
    if (created.length > 0) ctx.metrics.requestsCreated.inc(created.length)
    if (created.length > inline.length) ctx.metrics.firstAttempts.inc({ path: 'queued' }, created.length - inline.length)
    return refused
  }
}
