import { randomUUID } from 'node:crypto'
import type { DerivedRequest, EntityManager } from '@gwm/domain'
import { runPrepared } from '../db/prepared.ts'
import type { PreparedDelivery } from './prepare-deliveries.ts'

/** A deployment request as the batch writes it. */
export interface BatchRequest {
  id: string
  delivery: PreparedDelivery
  derived: DerivedRequest
  /**
   * Written claimed (delivering, with a lease as its next attempt time): this worker sends it
   * right after the commit. The sweeper leaves it alone until the lease has run out.
   */
  inline: boolean
}

export interface BatchWritten {
  /** Ids of the events this write stored; the others were stored before (redeliveries). */
  eventIds: Set<string>
  /** Ids of the requests it stored (those of new events). */
  requestIds: Set<string>
  at: Date
}

// The payloads travel as one text, joined by U+001E: JSON text never holds a raw control
// character, and a text[] parameter would cost Node four times the CPU (every quote escaped).
// The text is sent as bytes (a binary parameter, which Postgres reads as text unchanged): the
// payloads' own bytes, copied once, never decoded into JavaScript strings.
const PAYLOAD_SEPARATOR = Buffer.from([0x1e])

function joinPayloads(deliveries: PreparedDelivery[]): Buffer {
  const parts: Buffer[] = []
  for (const delivery of deliveries) {
    if (parts.length > 0) parts.push(PAYLOAD_SEPARATOR)
    parts.push(delivery.payloadBytes)
  }
  return Buffer.concat(parts)
}

// One statement (atomic, one round trip, the same text whatever the batch size): the events
// (a stored hook id + delivery id inserts nothing), the requests of the events that were new,
// and, on a new ping, its hook's verifiedAt.
const WRITE_SQL = `
  with v as (
    select * from unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::timestamptz[], string_to_array(?::text, E'\\x1e'))
      as v (id, delivery_id, hook_id, event, action, repository_id, sender, received_at, payload)
  ),
  e as (
    insert into webhook_events (id, delivery_id, hook_id, event, action, repository_id, sender, received_at, processed_at, payload)
    select id, delivery_id, hook_id, event, action, repository_id, sender, received_at, ?::timestamptz, payload::json from v
    on conflict (hook_id, delivery_id) do nothing
    returning id, hook_id, event, repository_id
  ),
  q as (
    select * from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::boolean[])
      as q (id, event_id, kind, ref, sha, environment, pull_request, status, next_attempt_at, full_name, default_branch, private)
  ),
  d as (
    insert into deployment_requests (id, event_id, repository_id, kind, ref, sha, environment, pull_request, status, attempts, next_attempt_at, created_at, updated_at,
      repository_full_name, repository_default_branch, repository_private)
    select q.id, q.event_id, e.repository_id, q.kind, q.ref, q.sha, q.environment, q.pull_request, q.status, 0, q.next_attempt_at, ?::timestamptz, ?::timestamptz,
      q.full_name, q.default_branch, q.private
    from q join e on e.id = q.event_id
    returning id
  ),
  w as (
    update webhooks set verified_at = ?::timestamptz, updated_at = ?::timestamptz
    where github_hook_id in (select hook_id from e where event = 'ping' and hook_id <> 0)
  )
  select array(select id from e) as event_ids, array(select id from d) as request_ids`

/** Every delivery's event, and the requests of those that were new, in one statement. */
export async function writeBatch(em: EntityManager, deliveries: PreparedDelivery[], repositoryIds: Map<number, string>, requests: BatchRequest[], leaseMs: number): Promise<BatchWritten> {
  const at = new Date()
  const leaseEnd = new Date(at.getTime() + leaseMs)
  const column = <T>(pick: (d: PreparedDelivery) => T) => deliveries.map(pick)
  const requestColumn = <T>(pick: (r: BatchRequest) => T) => requests.map(pick)
  const [row] = await runPrepared<{ event_ids: string[]; request_ids: string[] }>(em, WRITE_SQL, [
    column((d) => d.eventId),
    column((d) => d.deliveryId),
    column((d) => d.hookId),
    column((d) => d.event),
    column((d) => d.action),
    column((d) => (d.repository ? (repositoryIds.get(d.repository.githubId) ?? null) : null)),
    column((d) => d.sender),
    column((d) => d.receivedAt),
    joinPayloads(deliveries),
    at,
    requestColumn((r) => r.id),
    requestColumn((r) => r.delivery.eventId),
    requestColumn((r) => r.derived.kind),
    requestColumn((r) => r.derived.ref),
    requestColumn((r) => r.derived.sha),
    requestColumn((r) => r.derived.environment),
    requestColumn((r) => r.derived.pullRequest ?? null),
    requestColumn((r) => (r.inline ? 'delivering' : 'pending')),
    requestColumn((r) => (r.inline ? leaseEnd : at)),
    requestColumn((r) => r.delivery.repository!.fullName),
    requestColumn((r) => r.delivery.repository!.defaultBranch),
    requestColumn((r) => r.delivery.repository!.private),
    at,
    at,
    at,
    at,
  ])
  return { eventIds: new Set(row?.event_ids ?? []), requestIds: new Set(row?.request_ids ?? []), at }
}

/** The requests the batch derives, none of them yet marked for sending by this worker. */
export function batchRequests(deliveries: PreparedDelivery[], repositoryIds: Map<number, string>): BatchRequest[] {
  const requests: BatchRequest[] = []
  for (const delivery of deliveries) {
    // An event without a repository row (a redelivery of one whose repository is unknown) derives nothing.
    if (!delivery.repository || !repositoryIds.has(delivery.repository.githubId)) continue
    for (const derived of delivery.derived) requests.push({ id: randomUUID(), delivery, derived, inline: false })
  }
  return requests
}
