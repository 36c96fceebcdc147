import type { Redis } from 'ioredis'

/**
 * The live feed behind the events API's Server-Sent Events: the worker publishes one
 * message per stored event and per callback status change; every gateway replica
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
    return message.type === 'event.stored' || message.type === 'request.status' ? message : undefined
  } catch {
    return undefined
  }
}
