import { type CallbackType, type DeploymentKind, type EntityManager, queueLockOf, type RequestDetails, type RequestStatus, runPrepared } from '@gwm/domain'
import { noticeOutbound, type Outbound, requestOutbound } from './message.ts'

interface RequestRow {
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
  clone_url: string | null
  installation_id: string | number | null
  sequence: number | null
  reason: string | null
  details: RequestDetails | null
  event_id: string
  delivery_id: string
  event: string
  action: string | null
  sender: string | null
  received_at: Date
  traceparent: string | null
}

interface NoticeRow {
  id: string
  type: CallbackType
  data: Record<string, unknown>
  status: RequestStatus
  attempts: number
  last_error: string | null
  created_at: Date
}

// Each claim marks the message delivering, leased to this attempt (the attempt is counted when
// it is recorded), and reads what the callback needs in the same statement; the event's
// payload, possibly megabytes, stays behind. Delivered, failed, superseded or cancelled messages
// are not claimed, and neither is a request while another of its environment is in flight (one
// callback in flight per environment: it goes when that one settles). It takes its environment's
// queue lock first, as coalescing does: a store of the same environment at the same moment would
// otherwise read this request as still waiting, supersede it while it is sent, and send its own.
// Its receipt time and its environment's one in flight are found among the open requests (see
// COALESCE_SQL), its row then by id and receipt time: one partition, not every day's (the
// receipt time a value of the statement's own, so Postgres leaves the other days out as it runs).
const CLAIM_REQUEST_SQL = `
  with d as (
    update deployment_requests r set status = 'delivering', updated_at = ?, next_attempt_at = ?
    where r.id = ?::uuid and r.received_at = (select o.received_at from open_requests o where o.id = ?::uuid)
      and r.status in ('pending', 'delivering')
      and not exists (
        select 1 from open_requests x where x.repository_id = r.repository_id and x.environment = r.environment
          and x.status = 'delivering' and x.next_attempt_at > ? and x.id <> r.id)
    returning r.id, r.event_id, r.received_at, r.repository_id, r.kind, r.environment, r.ref, r.sha, r.pull_request, r.status, r.attempts, r.last_error, r.created_at,
      r.repository_full_name, r.repository_default_branch, r.repository_private, r.repository_clone_url, r.installation_id, r.sequence, r.reason, r.details
  )
  select d.id, d.kind, d.environment, d.ref, d.sha, d.pull_request, d.status, d.attempts, d.last_error, d.created_at,
         r.id as repository_id, r.github_id,
         coalesce(d.repository_full_name, r.full_name) as full_name,
         coalesce(d.repository_default_branch, r.default_branch) as default_branch,
         coalesce(d.repository_private, r.private) as private,
         d.repository_clone_url as clone_url, d.installation_id, d.sequence, d.reason, d.details,
         e.id as event_id, e.delivery_id, e.event, e.action, e.sender, e.received_at, e.traceparent
  from d
  join repositories r on r.id = d.repository_id
  join webhook_events e on e.id = d.event_id and e.received_at = d.received_at`

const CLAIM_NOTICE_SQL = `
  update platform_notices set status = 'delivering', updated_at = ?
  where id = ? and status in ('pending', 'delivering')
  returning id, type, data, status, attempts, last_error, created_at`

const CLOSED_SQL = `
  select status from deployment_requests where id = ?
  union all select status from platform_notices where id = ?`

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const requestOf = (row: RequestRow): Outbound =>
  requestOutbound(
    {
      id: row.id,
      kind: row.kind,
      environment: row.environment,
      ref: row.ref,
      sha: row.sha,
      pullRequest: row.pull_request,
      createdAt: new Date(row.created_at),
      repository: { id: row.repository_id, githubId: Number(row.github_id), fullName: row.full_name, defaultBranch: row.default_branch, private: row.private },
      cloneUrl: row.clone_url,
      installationId: row.installation_id === null ? null : Number(row.installation_id),
      reason: row.reason,
      // Requests made before details were kept say only what their row holds.
      details: row.details ?? { commit: row.sha ? { sha: row.sha, message: null, author: { name: null, login: null }, timestamp: null, url: null } : null, compareUrl: null, htmlUrl: null, pullRequest: null },
      checksDeadline: null,
      // What it replaced, as it was when it was made (kept with it): the same body every time.
      queue: row.sequence === null ? null : { status: 'delivering', sequence: row.sequence, supersedes: ((row.details as { supersedes?: string[] } | null)?.supersedes) ?? [] },
      event: { id: row.event_id, deliveryId: row.delivery_id, name: row.event, action: row.action, sender: row.sender, receivedAt: new Date(row.received_at) },
    },
    { status: row.status, attempts: row.attempts, lastError: row.last_error },
    row.traceparent,
  )

const noticeOf = (row: NoticeRow): Outbound =>
  noticeOutbound({ id: row.id, type: row.type, data: row.data, createdAt: new Date(row.created_at) }, { status: row.status, attempts: row.attempts, lastError: row.last_error })

export type Claim = { found: true; outbound: Outbound } | { found: false; status: RequestStatus | null }

/**
 * Claims the message with this id (a deployment request or a notice) for one attempt and
 * returns it with the body to send. found: false with the row's status when it is no longer
 * open (delivered, failed), or null when no such message exists.
 */
export async function claimOutbound(em: EntityManager, id: string, leaseMs: number): Promise<Claim> {
  if (!UUID.test(id)) return { found: false, status: null }
  const now = new Date()
  const [request] = await runPrepared<RequestRow>(em, CLAIM_REQUEST_SQL, [now, new Date(now.getTime() + leaseMs), id, id, now], { lockFirst: queueLockOf(id), byIndex: true })
  if (request) return { found: true, outbound: requestOf(request) }
  const [notice] = await runPrepared<NoticeRow>(em, CLAIM_NOTICE_SQL, [now, id])
  if (notice) return { found: true, outbound: noticeOf(notice) }
  const [closed] = await runPrepared<{ status: RequestStatus }>(em, CLOSED_SQL, [id, id])
  return { found: false, status: closed?.status ?? null }
}
