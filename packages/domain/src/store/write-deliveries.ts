import type { EntityManager } from '@mikro-orm/postgresql'
import type { Delivery, StoredRequest } from './delivery.ts'
import { runPrepared } from './run-prepared.ts'

/** How the new requests are written. */
export interface NewRequestState {
  /** delivering: the caller attempts them now, and holds them until `nextAttemptAt` (a lease). pending: due at once. */
  status: 'pending' | 'delivering'
  nextAttemptAt: Date
  /** Write the requests of events stored before too (a replay re-running the rules); otherwise only those of new events. */
  forStoredEvents: boolean
}

/** An event row to write: the delivery, its repository's row id (null: none, or not known), and why it derived nothing if that needs saying. */
export interface EventRow {
  delivery: Delivery
  repositoryId: string | null
  decision: string | null
}

export interface Written {
  /** Ids of the events written now; the others were stored before (redeliveries). */
  eventIds: Set<string>
  /** Ids of the requests written now (a request the event already has is not written twice). */
  requestIds: Set<string>
}

// The payloads travel as one text, joined by U+001E: JSON text never holds a raw control
// character, and a text[] parameter would cost Node four times the CPU (every quote escaped).
// The text is sent as bytes (a binary parameter, which Postgres reads as text unchanged): the
// payloads' own bytes, copied once, never decoded into JavaScript strings.
const PAYLOAD_SEPARATOR = Buffer.from([0x1e])

function joinPayloads(events: EventRow[]): Buffer {
  const parts: Buffer[] = []
  for (const { delivery } of events) {
    if (parts.length > 0) parts.push(PAYLOAD_SEPARATOR)
    parts.push(delivery.payloadBytes)
  }
  return Buffer.concat(parts)
}

// The one statement that writes events and deployment requests (atomic, one round trip, the
// same text whatever the batch size): the events (a hook id + delivery id already in
// delivery_keys inserts nothing, nor does one whose event was pruned while GitHub may still
// redeliver it: the key table spans webhook_events' partitions, a unique index could not), the requests (those of new events, or of every event given when re-running the
// rules; one per event, kind and environment), and, on a new ping, its hook's verifiedAt.
const WRITE_DELIVERIES_SQL = `
  with v as (
    select * from unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::uuid[], ?::text[], ?::timestamptz[], ?::bigint[], ?::text[], ?::text[], ?::text[], string_to_array(?::text, E'\\x1e'))
      as v (id, delivery_id, hook_id, event, action, repository_id, sender, received_at, installation_id, decision, source, traceparent, payload)
  ),
  k as (
    insert into delivery_keys (hook_id, delivery_id, event_id, received_at)
    select hook_id, delivery_id, id, received_at from v
    where not exists (select 1 from pruned_deliveries p where p.hook_id = v.hook_id and p.delivery_id = v.delivery_id)
    on conflict (hook_id, delivery_id) do nothing
    returning event_id
  ),
  e as (
    insert into webhook_events (id, delivery_id, hook_id, event, action, repository_id, sender, received_at, installation_id, decision, source, traceparent, processed_at, payload)
    select id, delivery_id, hook_id, event, action, repository_id, sender, received_at, installation_id, decision, source, traceparent, ?::timestamptz, payload::json from v
    where id in (select event_id from k)
    on conflict (id, received_at) do nothing
    returning id, hook_id, event
  ),
  q as (
    select * from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::bigint[], ?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[])
      as q (id, event_id, repository_id, kind, ref, sha, environment, pull_request, full_name, default_branch, private, clone_url, installation_id, reason, checks_deadline, details, received_at)
  ),
  d as (
    insert into deployment_requests (id, event_id, repository_id, kind, ref, sha, environment, pull_request, status, attempts, next_attempt_at, created_at, updated_at,
      repository_full_name, repository_default_branch, repository_private, repository_clone_url, installation_id, reason, checks_deadline, details, received_at)
    select q.id, q.event_id, q.repository_id, q.kind, q.ref, q.sha, q.environment, q.pull_request,
      case when q.checks_deadline is null then ?::text else 'waiting_checks' end, 0, ?::timestamptz, ?::timestamptz, ?::timestamptz,
      q.full_name, q.default_branch, q.private, q.clone_url, q.installation_id, q.reason, q.checks_deadline, q.details::jsonb, q.received_at
    from q where ?::boolean or q.event_id in (select id from e)
    on conflict (event_id, kind, environment, received_at) do nothing
    returning id
  ),
  w as (
    update webhooks set verified_at = ?::timestamptz, updated_at = ?::timestamptz
    where github_hook_id in (select hook_id from e where event = 'ping' and hook_id <> 0)
  )
  select array(select id from e) as event_ids, array(select id from d) as request_ids`

/** Every delivery's event, and the requests, in one statement. */
export async function writeDeliveries(em: EntityManager, events: EventRow[], requests: StoredRequest[], state: NewRequestState, at: Date): Promise<Written> {
  const column = <T>(pick: (d: Delivery) => T) => events.map(({ delivery }) => pick(delivery))
  const requestColumn = <T>(pick: (r: StoredRequest) => T) => requests.map(pick)
  const [row] = await runPrepared<{ event_ids: string[]; request_ids: string[] }>(em, WRITE_DELIVERIES_SQL, [
    column((d) => d.eventId),
    column((d) => d.deliveryId),
    column((d) => d.hookId),
    column((d) => d.event),
    column((d) => d.action),
    events.map((row) => row.repositoryId),
    column((d) => d.sender),
    column((d) => d.receivedAt),
    column((d) => d.installationId),
    events.map((row) => row.decision),
    column((d) => d.source ?? null),
    column((d) => d.traceparent ?? null),
    joinPayloads(events),
    at,
    requestColumn((r) => r.id),
    requestColumn((r) => r.event.id),
    requestColumn((r) => r.repository.id),
    requestColumn((r) => r.kind),
    requestColumn((r) => r.ref),
    requestColumn((r) => r.sha),
    requestColumn((r) => r.environment),
    requestColumn((r) => r.pullRequest),
    requestColumn((r) => r.repository.fullName),
    requestColumn((r) => r.repository.defaultBranch),
    requestColumn((r) => r.repository.private),
    requestColumn((r) => r.cloneUrl),
    requestColumn((r) => r.installationId),
    requestColumn((r) => r.reason),
    requestColumn((r) => r.checksDeadline),
    requestColumn((r) => JSON.stringify(r.details)),
    requestColumn((r) => r.event.receivedAt),
    state.status,
    state.nextAttemptAt,
    at,
    at,
    state.forStoredEvents,
    at,
    at,
  ])
  return { eventIds: new Set(row?.event_ids ?? []), requestIds: new Set(row?.request_ids ?? []) }
}
