import { example, signedDelivery } from '@gwm/testkit'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

export const HOOK_ID = 424242
export const HOOK_SECRET = 'hook-secret-for-tests-3f9a'

/** The push example made distinct by its `after`, as every push GitHub sends is: the ingest stores a body once per hook. */
const pushNumber = (n: number): Record<string, unknown> => ({ ...example('push'), after: n.toString(16).padStart(40, '0') })

export interface DeliveryOptions {
  event?: string
  payload?: unknown
  secret?: string
  hookId?: number | string | null
  deliveryId?: string
  body?: string
}

let pushes = 0

/** A signed delivery (default: a real push example for HOOK_ID, a distinct one each time), GitHub's headers and body. */
export async function delivery(options: DeliveryOptions = {}) {
  const event = options.event ?? 'push'
  pushes += 1
  return signedDelivery({
    event,
    payload: options.payload ?? (event === 'push' ? pushNumber(pushes) : example(event)),
    secret: options.secret ?? HOOK_SECRET,
    ...(options.hookId === null ? {} : { hookId: options.hookId ?? HOOK_ID }),
    ...(options.deliveryId ? { deliveryId: options.deliveryId } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
  })
}

export async function post(app: FastifyInstance, headers: Record<string, string>, body: string | Buffer, url = '/api/webhook'): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers, payload: body })
}

/** Sends a delivery with app.inject; returns the response and what was sent. */
export async function deliver(app: FastifyInstance, options: DeliveryOptions = {}) {
  const sent = await delivery(options)
  return { res: await post(app, sent.headers, sent.body), ...sent }
}

/** Sends over real HTTP (keeps concurrency real). */
export async function deliverHttp(url: string, sent: { headers: Record<string, string>; body: string }) {
  const res = await fetch(url, { method: 'POST', headers: sent.headers, body: sent.body })
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> }
}
