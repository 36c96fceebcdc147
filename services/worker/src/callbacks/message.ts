import { CALLBACK_TYPES, type CallbackType, type DeploymentKind, type EntityManager, PlatformNotice, type RequestStatus } from '@gwm/domain'
import { runPrepared } from '../db/prepared.ts'

/** The JSON body the platform receives: {type, id, timestamp, data}. */
export interface CallbackBody {
  type: CallbackType
  /** Equals the webhook-id header: the same for every retry and replay of one message. */
  id: string
  /** When the message was created (not when this attempt was sent). */
  timestamp: string
  data: Record<string, unknown>
}

/** The mutable part of a message, kept in step with its row by the processor. */
export interface OutboundState {
  id: string
  status: RequestStatus
  attempts: number
  lastError: string | null
}

/** A message waiting to go out: a deployment request or a notice, and the body to send. */
export interface Outbound {
  table: 'request' | 'notice'
  row: OutboundState
  body: CallbackBody
  deliveryId: string | null
  eventId: string | null
  repositoryId: string | null
}

export interface RequestRow {
  id: string
  kind: DeploymentKind
  environment: string
  ref: string
  sha: string | null
  pull_request: number | null
  status: RequestStatus
  attempts: number
  last_error: string | null
  created_at: Date
  repository_id: string
  github_id: string | number
  full_name: string
  default_branch: string
  private: boolean
  event_id: string
  delivery_id: string
  event: string
  action: string | null
  sender: string | null
  received_at: Date
}

// One statement claims the request for this attempt (status delivering, attempts + 1) and
// reads what the callback needs; the event's payload, possibly megabytes, stays behind.
const CLAIM_REQUEST_SQL = `
  with d as (
    update deployment_requests set status = 'delivering', attempts = attempts + 1, updated_at = ?
    where id = ? and status in ('pending', 'delivering')
    returning id, event_id, repository_id, kind, environment, ref, sha, pull_request, status, attempts, last_error, created_at,
      repository_full_name, repository_default_branch, repository_private
  )
  select d.id, d.kind, d.environment, d.ref, d.sha, d.pull_request, d.status, d.attempts, d.last_error, d.created_at,
         r.id as repository_id, r.github_id,
         coalesce(d.repository_full_name, r.full_name) as full_name,
         coalesce(d.repository_default_branch, r.default_branch) as default_branch,
         coalesce(d.repository_private, r.private) as private,
         e.id as event_id, e.delivery_id, e.event, e.action, e.sender, e.received_at
  from d
  join repositories r on r.id = d.repository_id
  join webhook_events e on e.id = d.event_id`

const iso = (value: Date | string) => new Date(value).toISOString()

export function requestOutbound(row: RequestRow): Outbound {
  return {
    table: 'request',
    row: { id: row.id, status: row.status, attempts: row.attempts, lastError: row.last_error },
    deliveryId: row.delivery_id,
    eventId: row.event_id,
    repositoryId: row.repository_id,
    body: {
      type: row.kind === 'teardown' ? CALLBACK_TYPES.teardown : CALLBACK_TYPES.requested,
      id: row.id,
      timestamp: iso(row.created_at),
      data: {
        kind: row.kind,
        environment: row.environment,
        ref: row.ref,
        sha: row.sha,
        pullRequest: row.pull_request,
        repository: { id: Number(row.github_id), fullName: row.full_name, defaultBranch: row.default_branch, private: row.private },
        event: { deliveryId: row.delivery_id, name: row.event, action: row.action, sender: row.sender, receivedAt: iso(row.received_at) },
      },
    },
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type Claim = { found: true; outbound: Outbound } | { found: false; status: RequestStatus | null }

/**
 * Claims the message with this id for one delivery attempt: marks it delivering and counts
 * the attempt, then returns it with the body to send. found: false with the row's status
 * when it is no longer open (delivered, failed), or null when no such message exists.
 */
export async function claimOutbound(em: EntityManager, id: string): Promise<Claim> {
  if (!UUID.test(id)) return { found: false, status: null }
  const [request] = await runPrepared<RequestRow>(em, CLAIM_REQUEST_SQL, [new Date(), id])
  if (request) return { found: true, outbound: requestOutbound(request) }
  const closed = await runPrepared<{ status: RequestStatus }>(em, 'select status from deployment_requests where id = ?', [id])
  if (closed[0]) return { found: false, status: closed[0].status }
  return claimNotice(em, id)
}

async function claimNotice(em: EntityManager, id: string): Promise<Claim> {
  const notice = await em.findOne(PlatformNotice, { id })
  if (!notice) return { found: false, status: null }
  if (notice.status === 'delivered' || notice.status === 'failed') return { found: false, status: notice.status }
  notice.status = 'delivering'
  notice.attempts += 1
  await em.flush()
  return {
    found: true,
    outbound: {
      table: 'notice',
      row: { id: notice.id, status: notice.status, attempts: notice.attempts, lastError: notice.lastError ?? null },
      body: { type: notice.type, id: notice.id, timestamp: notice.createdAt.toISOString(), data: notice.data },
      deliveryId: null,
      eventId: null,
      repositoryId: null,
    },
  }
}
