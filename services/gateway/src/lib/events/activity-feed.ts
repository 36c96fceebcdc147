import { type ActivityMessage, activityChannel, parseActivity, publishActivity } from '@gwm/queue'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'

type ActivityListener = (message: ActivityMessage) => void

/**
 * One Redis subscription per gateway process, opened when the first stream client arrives,
 * fanned out to every open stream. The worker publishes; see @gwm/queue activity.ts.
 */
export interface ActivityFeed {
  /** Resolves once the subscription is live; call the returned function to stop listening. */
  listen(listener: ActivityListener): Promise<() => void>
  /** Tells every replica's streams (fire and forget), as the worker does for what it stores and sends. */
  publish(message: ActivityMessage): void
  close(): void
}

export function createActivityFeed(redis: Redis, prefix: string, log: FastifyBaseLogger): ActivityFeed {
  const listeners = new Set<ActivityListener>()
  let subscriber: Redis | undefined
  let subscribed: Promise<unknown> | undefined

  function open() {
    // A subscriber waits for Redis as long as it takes, unlike the fail-fast producer it copies.
    subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, connectionName: 'gateway-activity' })
    subscriber.on('error', () => {})
    subscriber.on('message', (_channel: string, raw: string) => {
      const message = parseActivity(raw)
      if (!message) return
      for (const listener of listeners) {
        try {
          listener(message)
        } catch (err) {
          log.warn({ err }, 'activity listener failed')
        }
      }
    })
    subscribed = subscriber.subscribe(activityChannel(prefix))
  }

  return {
    async listen(listener) {
      listeners.add(listener)
      if (!subscriber) open()
      await subscribed
      return () => listeners.delete(listener)
    },
    publish: (message) => publishActivity(redis, prefix, message),
    close() {
      listeners.clear()
      subscriber?.disconnect()
    },
  }
}
