import type { Redis } from 'ioredis'

/**
 * The live feed behind the events API's Server-Sent Events: the worker publishes one
 * message per stored event and per callback status change, the gateway one per status the
 * platform reports; every gateway replica
 * subscribes and forwards to the clients allowed to see that repository.
 * Pub/sub is best effort by design: a client that missed something re-reads GET /api/events.
 */
export type ActivityMessage =
  | {
      type: 'event.stored'
      deliveryId: string
      eventId: string
      repositoryId: string | null
      event: string
      action: string | null
      requests: number
      at: string
    }
  | {
      type: 'request.status'
      deliveryId: string | null
      eventId: string | null
      repositoryId: string | null
      requestId: string
      status: 'pending' | 'delivering' | 'delivered' | 'failed' | 'cancelled' | 'waiting_checks' | 'blocked' | 'superseded'
      attempts: number
      at: string
    }
  | {
      /** The platform reported a status of a request (POST /api/deployments/{id}/statuses); the gateway publishes it. */
      type: 'request.platform_status'
      deliveryId: string | null
      eventId: string | null
      repositoryId: string | null
      requestId: string
      statusId: string
      state: 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive'
      /** false: kept as history only (it ranks below the request's current state). */
      applied: boolean
      /** The request's current state and URL after it. */
      platformState: string | null
      environmentUrl: string | null
      at: string
    }

const ACTIVITY_TYPES = new Set<string>(['event.stored', 'request.status', 'request.platform_status'])

export const activityChannel = (prefix: string) => `${prefix}:activity`

/** Fire and forget: a missed live message never fails the job that caused it. */
export function publishActivity(redis: Redis, prefix: string, message: ActivityMessage): void {
  redis.publish(activityChannel(prefix), JSON.stringify(message)).catch(() => {})
}

/** Several messages in one round trip (a batch of events stored together). */
export function publishActivities(redis: Redis, prefix: string, messages: ActivityMessage[]): void {
  if (messages.length === 0) return
  const channel = activityChannel(prefix)
  const pipeline = redis.pipeline()
  for (const message of messages) pipeline.publish(channel, JSON.stringify(message))
  pipeline.exec().catch(() => {})
}

export function parseActivity(raw: string): ActivityMessage | undefined {
  try {
    const message = JSON.parse(raw) as ActivityMessage
    return ACTIVITY_TYPES.has(message.type) ? message : undefined
  } catch {
    return undefined
  }
}
