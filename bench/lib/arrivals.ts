import type { PlatformReceiver } from '../../packages/testkit/src/platform-receiver.ts'

/** The path the pass-through baseline forwards to (its webhook-id is the delivery GUID). */
export const PASS_THROUGH_PATH = '/pass-through'

export interface Arrival {
  /** Epoch ms at which the receiver had the whole request. */
  at: number
  /** The callback's id (webhook-id): one per deployment request, the same on every retry. */
  callbackId: string
  /** The GitHub delivery it came from. */
  deliveryId: string
  passThrough: boolean
  /** Signature verified and answered 2xx (always true for the unsigned pass-through). */
  ok: boolean
}

/**
 * Moves what the receiver recorded into small arrival records every few ms, so the receiver
 * does not hold every body it got (the pass-through forwards whole GitHub payloads).
 */
export function collectArrivals(receiver: PlatformReceiver, everyMs = 100) {
  const arrivals: Arrival[] = []
  const take = () => {
    for (const request of receiver.requests.splice(0)) {
      const passThrough = request.path === PASS_THROUGH_PATH
      const event = request.body?.data?.event as { deliveryId?: unknown } | undefined
      const deliveryId = passThrough ? request.webhookId : typeof event?.deliveryId === 'string' ? event.deliveryId : undefined
      if (!deliveryId || !request.webhookId) continue
      arrivals.push({ at: request.at, callbackId: request.webhookId, deliveryId, passThrough, ok: passThrough || (request.verified && request.status < 300) })
    }
  }
  const timer = setInterval(take, everyMs)
  return {
    arrivals,
    /** Everything received so far, collected now. */
    take,
    stop() {
      clearInterval(timer)
      take()
    },
  }
}
