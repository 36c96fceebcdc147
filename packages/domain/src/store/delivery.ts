import type { RequestDetails } from '../callbacks/details.ts'
import type { DeploymentKind } from '../entities/deployment-request.ts'
import type { RepositoryFields } from './repository-fields.ts'

/** One GitHub delivery, ready to be stored: its columns, its payload's bytes and what the rules read. */
export interface Delivery {
  /** The event row's id, chosen by the caller (a stored event keeps its own: see StoredDelivery.duplicate). */
  eventId: string
  deliveryId: string
  hookId: number
  event: string
  action: string | null
  sender: string | null
  receivedAt: Date
  /** What the rules read: the whole payload, or the ingest's view of it. */
  payload: Record<string, unknown>
  /** What goes into the json column: the text GitHub sent, as bytes. */
  payloadBytes: Buffer
  repository: RepositoryFields | null
  /** App mode: the installation the delivery came through (the payload's installation.id). */
  installationId: number | null
  /**
   * Absent: GitHub sent it. `reconciled`: made by the missed-push reconciliation for a push whose
   * delivery never came (stored on the event; its requests' reasons start with "reconciled: ").
   */
  source?: 'reconciled'
  /** The delivery's trace (W3C traceparent) when the ingest traced it: kept on the event, continued by its callbacks. */
  traceparent?: string | null
}

/** A repository row as a deployment request describes it. */
export interface RequestRepository {
  id: string
  githubId: number
  fullName: string
  defaultBranch: string
  private: boolean
}

/**
 * A deployment request as stored, with everything its callback says: plain data, the same
 * whether it was just written or read back from its row.
 */
export interface StoredRequest {
  id: string
  kind: DeploymentKind
  environment: string
  ref: string
  sha: string | null
  pullRequest: number | null
  createdAt: Date
  repository: RequestRepository
  /** What the platform clones, and (App mode) the installation it asks for a token. */
  cloneUrl: string | null
  installationId: number | null
  /** The rule that made it. */
  reason: string | null
  /** What its callback says of the change (commit, compare URL, pull request). */
  details: RequestDetails
  /** CI gate: held (waiting_checks) until its commit's checks pass, or blocked at this time. */
  checksDeadline: Date | null
  /** Its place in its environment's queue (see coalesce.ts); null until coalesced. */
  queue: { status: 'delivering' | 'pending' | 'superseded' | 'cancelled'; sequence: number; supersedes: string[] } | null
  event: { id: string; deliveryId: string; name: string; action: string | null; sender: string | null; receivedAt: Date }
}

export interface StoredDelivery {
  delivery: Delivery
  /** Stored before (a redelivery): nothing of it was written now. */
  duplicate: boolean
  repositoryId: string | null
  /** The requests written now for this delivery. */
  requests: StoredRequest[]
}

/** What one call stored, in the order the deliveries were given. */
export interface StoredDeliveries {
  at: Date
  deliveries: StoredDelivery[]
  /** Every request written now. */
  created: StoredRequest[]
  /** Requests of redelivered events still open: their worker died before it sent them. */
  reopened: string[]
  /** App mode: installations whose state or repositories these deliveries changed. */
  installations: number[]
  /** Requests whose checks passed with these deliveries (CI gate): now due. */
  released: string[]
  /** Requests whose checks failed with these deliveries (CI gate): never sent. */
  blocked: string[]
}
