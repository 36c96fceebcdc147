import type { IDeploymentRequest, IDeploymentStatus } from '@gwm/domain'
import type { ActivityMessage } from '@gwm/queue'

/** The live stream's message for a status the platform reported. */
export function platformStatusMessage(request: IDeploymentRequest, status: IDeploymentStatus, deliveryId: string | null): ActivityMessage {
  return {
    type: 'request.platform_status',
    deliveryId,
    eventId: request.event.id,
    repositoryId: request.repository.id,
    requestId: request.id,
    statusId: status.id,
    state: status.state,
    applied: status.applied,
    platformState: request.platformState ?? null,
    environmentUrl: request.environmentUrl ?? null,
    at: status.createdAt.toISOString(),
  }
}
