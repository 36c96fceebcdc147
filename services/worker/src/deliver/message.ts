import { CALLBACK_SCHEMA_VERSION, callbackTypeOf, type CallbackType, type DeploymentCallbackData, type QueuedRequest, type RequestDetails, type RequestStatus, type StoredRequest } from '@gwm/domain'

/** The JSON body the platform receives: {type, id, timestamp, data}. */
export interface CallbackBody {
  type: CallbackType
  /** Equals the webhook-id header: the same for every retry and replay of one message. */
  id: string
  /** When the message was created (not when this attempt was sent). */
  timestamp: string
  data: Record<string, unknown>
}

/** Where a message's row stands; kept in step with the row as attempts are recorded. */
export interface OutboundState {
  id: string
  status: RequestStatus
  /** Attempts recorded so far. */
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
  /** A deployment request's environment, the queue it waits in (notices wait in none). */
  environment: string | null
  /** A deployment request's event's receipt time: the day's partition its row is in. */
  receivedAt: Date | null
  /** The delivery's trace (W3C traceparent), when it was traced: each attempt is a span of it. */
  traceparent: string | null
}

const commitOf = (commit: RequestDetails['commit']) =>
  commit ? { sha: commit.sha, message: commit.message, author: { name: commit.author.name, login: commit.author.login }, timestamp: commit.timestamp, url: commit.url } : null

function pullRequestOf(details: RequestDetails['pullRequest'], number: number | null) {
  if (details) return { number: details.number, title: details.title, headRef: details.headRef, baseRef: details.baseRef, fromFork: details.fromFork, headRepository: details.headRepository }
  return number === null ? null : { number, title: null, headRef: null, baseRef: null, fromFork: false, headRepository: null }
}

/** Where a request's message waits its turn (see nextInLine); a notice waits in no queue. */
export function queueOf({ row, repositoryId, environment, receivedAt }: Outbound): QueuedRequest[] {
  return repositoryId && environment && receivedAt ? [{ id: row.id, repositoryId, environment, receivedAt }] : []
}

/** The callback of a deployment request: the same body for every attempt and replay. */
export function requestOutbound(request: StoredRequest, state: Omit<OutboundState, 'id'>, traceparent: string | null = null): Outbound {
  const { repository, event } = request
  return {
    table: 'request',
    row: { id: request.id, ...state },
    deliveryId: event.deliveryId,
    eventId: event.id,
    repositoryId: repository.id,
    environment: request.environment,
    receivedAt: event.receivedAt,
    traceparent,
    body: {
      type: callbackTypeOf(request.kind),
      id: request.id,
      timestamp: request.createdAt.toISOString(),
      data: {
        schemaVersion: CALLBACK_SCHEMA_VERSION,
        kind: request.kind,
        environment: request.environment,
        ref: request.ref,
        sha: request.sha,
        sequence: request.queue?.sequence ?? null,
        supersedes: request.queue?.supersedes ?? [],
        reason: request.reason,
        // Rebuilt field by field: details read back from jsonb come with their keys reordered, and every attempt sends the same text.
        commit: commitOf(request.details.commit),
        compareUrl: request.details.compareUrl,
        pullRequestNumber: request.pullRequest,
        pullRequest: pullRequestOf(request.details.pullRequest, request.pullRequest),
        repository: { id: repository.githubId, fullName: repository.fullName, defaultBranch: repository.defaultBranch, private: repository.private, cloneUrl: request.cloneUrl, htmlUrl: request.details.htmlUrl },
        installationId: request.installationId,
        event: { deliveryId: event.deliveryId, name: event.name, action: event.action, sender: event.sender, receivedAt: event.receivedAt.toISOString() },
      } satisfies DeploymentCallbackData,
    },
  }
}

/** The callback of a platform notice (an account message). */
export function noticeOutbound(notice: { id: string; type: CallbackType; createdAt: Date; data: Record<string, unknown> }, state: Omit<OutboundState, 'id'>): Outbound {
  return {
    table: 'notice',
    row: { id: notice.id, ...state },
    body: { type: notice.type, id: notice.id, timestamp: notice.createdAt.toISOString(), data: notice.data },
    deliveryId: null,
    eventId: null,
    repositoryId: null,
    environment: null,
    receivedAt: null,
    traceparent: null,
  }
}
