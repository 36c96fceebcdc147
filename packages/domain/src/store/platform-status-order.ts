import { createHash } from 'node:crypto'
import type { PlatformState } from '../entities/deployment-status.ts'
import type { RequestStatus } from '../entities/deployment-request.ts'

/** What the platform reports of a request (POST /api/deployments/{id}/statuses). */
export interface PlatformStatusInput {
  state: PlatformState
  environmentUrl?: string | null | undefined
  logUrl?: string | null | undefined
  description?: string | null | undefined
}

/**
 * The order of states: a deployment goes queued → in_progress → an outcome (success, failure,
 * error) → inactive (replaced or torn down). The three outcomes share a rank.
 */
const RANK: Record<PlatformState, number> = { queued: 0, in_progress: 1, success: 2, failure: 2, error: 2, inactive: 3 }

/**
 * Whether a status that arrives now becomes the request's current state: when it ranks at
 * least as high as the current one. So a late in_progress after success stays history, and
 * of two outcomes the later one wins (a failure reported after success replaces it, as on
 * GitHub: the platform's latest word on that deployment); nothing follows inactive but inactive.
 */
export function becomesCurrent(current: string | null | undefined, next: PlatformState): boolean {
  if (current === null || current === undefined) return true
  const rank = RANK[current as PlatformState]
  return rank === undefined || RANK[next] >= rank
}

/**
 * Requests the platform was never sent and never will be: a status for one is refused (409).
 * superseded, cancelled and blocked are final; waiting_checks has not been sent yet.
 */
export const NEVER_SENT: ReadonlySet<RequestStatus> = new Set(['superseded', 'cancelled', 'blocked', 'waiting_checks'])

/** A status as it is stored: an absent, null or empty field is none (null). */
export function normalisedStatus(input: PlatformStatusInput) {
  return {
    state: input.state,
    environmentUrl: input.environmentUrl || null,
    logUrl: input.logUrl || null,
    description: input.description || null,
  }
}

/** The same status twice (state and every field alike, once normalised) has the same fingerprint. */
export function statusFingerprint(input: PlatformStatusInput): string {
  const { state, environmentUrl, logUrl, description } = normalisedStatus(input)
  return createHash('sha256').update(JSON.stringify([state, environmentUrl, logUrl, description])).digest('hex')
}
