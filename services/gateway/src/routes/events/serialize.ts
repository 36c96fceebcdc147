import { callbackTypeOf, type ICallbackAttempt, type IDeploymentRequest, type IRepository, type IWebhookEvent } from '@gwm/domain'
import { eventStatus } from '../../lib/events/event-status.ts'
import { platformItem } from '../deployments/serialize.ts'

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null)

/** Superseded requests of a page, each with the request that went instead (wentInstead), for requestItem. */
export const supersededIds = (requests: ReadonlyArray<Pick<IDeploymentRequest, 'id' | 'supersededBy'>>) => requests.filter((r) => r.supersededBy).map((r) => r.id)

/** A request as the API shows it; `went` (from wentInstead) names, for a superseded one, the request that went instead. */
export function requestItem(request: IDeploymentRequest, went?: ReadonlyMap<string, string>) {
  return {
    id: request.id,
    type: callbackTypeOf(request.kind),
    kind: request.kind,
    environment: request.environment,
    ref: request.ref,
    sha: request.sha ?? null,
    pullRequest: request.pullRequest ?? null,
    status: request.status,
    attempts: request.attempts,
    lastError: request.lastError ?? null,
    sequence: request.sequence ?? null,
    reason: request.reason ?? null,
    supersededBy: went?.get(request.id) ?? request.supersededBy ?? null,
    createdAt: request.createdAt.toISOString(),
    deliveredAt: iso(request.deliveredAt),
    ...platformItem(request),
  }
}

export function attemptItem(attempt: ICallbackAttempt) {
  return {
    attempt: attempt.attempt,
    at: attempt.at.toISOString(),
    statusCode: attempt.statusCode ?? null,
    durationMs: attempt.durationMs,
    error: attempt.error ?? null,
    retryAt: iso(attempt.retryAt),
  }
}

type EventRow = Pick<IWebhookEvent, 'deliveryId' | 'hookId' | 'event' | 'action' | 'sender' | 'receivedAt' | 'processedAt' | 'decision' | 'installationId' | 'source'> & {
  repository?: Pick<IRepository, 'githubId' | 'fullName'> | null
}

/**
 * `reconciled` when the reconciliation made the event (a missed push) or asked GitHub to
 * redeliver it (`redelivered`: it has a redeliveries row); `github` when GitHub sent it unasked.
 */
export function eventFields(event: EventRow, requests: IDeploymentRequest[], redelivered = false) {
  return {
    deliveryId: event.deliveryId,
    hookId: event.hookId,
    event: event.event,
    action: event.action ?? null,
    repository: event.repository ? { id: event.repository.githubId, fullName: event.repository.fullName } : null,
    sender: event.sender ?? null,
    receivedAt: event.receivedAt.toISOString(),
    processedAt: iso(event.processedAt),
    status: eventStatus(requests.map((request) => request.status)),
    decision: event.decision ?? null,
    installationId: event.installationId ?? null,
    source: event.source === 'reconciled' || redelivered ? ('reconciled' as const) : ('github' as const),
  }
}

/**
 * The JSON text of an object with `payload` added as the stored JSON text it is, spliced in
 * rather than parsed and serialized again (which a deeply nested payload would not survive).
 */
export function withPayload(fields: Record<string, unknown>, payloadJson: string): string {
  const rest = JSON.stringify(fields)
  return `${rest.slice(0, -1)}${rest === '{}' ? '' : ','}"payload":${payloadJson}}`
}
