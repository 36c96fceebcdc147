import { CALLBACK_TYPES, type CallbackType, DeploymentRequest, type EntityManager, type IDeploymentRequest, type IPlatformNotice, PlatformNotice } from '@gwm/domain'

/** The JSON body the platform receives: {type, id, timestamp, data}. */
export interface CallbackBody {
  type: CallbackType
  /** Equals the webhook-id header: the same for every retry and replay of one message. */
  id: string
  /** When the message was created (not when this attempt was sent). */
  timestamp: string
  data: Record<string, unknown>
}

/** A message waiting to go out: a deployment request or a notice, and the body to send. */
export type Outbound =
  | { table: 'request'; row: IDeploymentRequest; body: CallbackBody; deliveryId: string; eventId: string; repositoryId: string }
  | { table: 'notice'; row: IPlatformNotice; body: CallbackBody; deliveryId: null; eventId: null; repositoryId: null }

function requestBody(request: IDeploymentRequest): CallbackBody {
  const { repository, event } = request
  return {
    type: request.kind === 'teardown' ? CALLBACK_TYPES.teardown : CALLBACK_TYPES.requested,
    id: request.id,
    timestamp: request.createdAt.toISOString(),
    data: {
      kind: request.kind,
      environment: request.environment,
      ref: request.ref,
      sha: request.sha,
      pullRequest: request.pullRequest ?? null,
      repository: {
        id: repository.githubId,
        fullName: repository.fullName,
        defaultBranch: repository.defaultBranch,
        private: repository.private,
      },
      event: {
        deliveryId: event.deliveryId,
        name: event.event,
        action: event.action ?? null,
        sender: event.sender ?? null,
        receivedAt: event.receivedAt.toISOString(),
      },
    },
  }
}

/** Loads the message with this id (requests first, then notices), or null when neither exists. */
export async function loadOutbound(em: EntityManager, id: string): Promise<Outbound | null> {
  // The event's payload (possibly megabytes) is not needed for the callback: leave it unloaded.
  const loaded = await em.findOne(DeploymentRequest, { id }, { populate: ['repository', 'event'], exclude: ['event.payload'] })
  if (loaded) {
    const request = loaded as unknown as IDeploymentRequest
    return { table: 'request', row: request, body: requestBody(request), deliveryId: request.event.deliveryId, eventId: request.event.id, repositoryId: request.repository.id }
  }
  const notice = await em.findOne(PlatformNotice, { id })
  if (!notice) return null
  const body: CallbackBody = { type: notice.type, id: notice.id, timestamp: notice.createdAt.toISOString(), data: notice.data }
  return { table: 'notice', row: notice, body, deliveryId: null, eventId: null, repositoryId: null }
}
