import { LockMode } from '@mikro-orm/core'
import type { EntityManager } from '@mikro-orm/postgresql'
import { DeploymentRequest, type IDeploymentRequest } from '../entities/deployment-request.ts'
import { DeploymentStatus, type IDeploymentStatus } from '../entities/deployment-status.ts'
import { WebhookEvent } from '../entities/webhook-event.ts'
import { becomesCurrent, NEVER_SENT, normalisedStatus, type PlatformStatusInput, statusFingerprint } from './platform-status-order.ts'

export type RecordedStatus =
  /** created: a new row; repeated: the same status was already recorded (nothing changed). */
  | { outcome: 'created' | 'repeated'; status: IDeploymentStatus; request: IDeploymentRequest; deliveryId: string | null }
  | { outcome: 'not_found' }
  /** The request was never sent, and never will be (superseded, cancelled, blocked) or not yet (waiting_checks). */
  | { outcome: 'not_sent'; request: IDeploymentRequest }

/**
 * Records one status the platform reported of a request, with the request's row locked, so
 * statuses of one request arriving together are ordered one after the other. The same status
 * twice is one row. A status becomes the request's current state (platformState, its time, and
 * the URL when it gives one) only if it ranks at least as high as the current one (becomesCurrent);
 * otherwise it is kept as history with applied = false.
 */
export async function recordPlatformStatus(em: EntityManager, requestId: string, input: PlatformStatusInput, now = new Date()): Promise<RecordedStatus> {
  return em.transactional(async (tx) => {
    const request = await tx.findOne(DeploymentRequest, { id: requestId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
    if (!request) return { outcome: 'not_found' } as const
    if (NEVER_SENT.has(request.status)) return { outcome: 'not_sent', request } as const
    const deliveryId = await deliveryIdOf(tx, request)
    const fingerprint = statusFingerprint(input)
    const known = await tx.findOne(DeploymentStatus, { request: request.id, fingerprint })
    if (known) return { outcome: 'repeated', status: known, request, deliveryId } as const

    const fields = normalisedStatus(input)
    const applied = becomesCurrent(request.platformState, fields.state)
    const status = tx.create(DeploymentStatus, { request, ...fields, fingerprint, applied, createdAt: now })
    if (applied) {
      request.platformState = fields.state
      request.platformStateAt = now
      if (fields.environmentUrl) request.environmentUrl = fields.environmentUrl
    }
    await tx.flush()
    return { outcome: 'created', status, request, deliveryId } as const
  })
}

async function deliveryIdOf(em: EntityManager, request: IDeploymentRequest): Promise<string | null> {
  const event = await em.findOne(WebhookEvent, { id: request.event.id }, { fields: ['deliveryId'] })
  return event?.deliveryId ?? null
}
