import { createHmac, createSecretKey } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

const PREFIX = 'whsec_'

export type Sign = (messageId: string, at: Date, payload: string) => string

/**
 * Standard Webhooks v1 signatures (HMAC-SHA256 of "id.timestamp.payload", base64), computed with
 * node:crypto rather than the library's JavaScript hash, several times slower. The library still
 * checks the secret, and the key is decoded as it decodes it.
 */
export function createSigner(secret: string): Sign {
  try {
    new Webhook(secret).sign('check', new Date(0), '')
  } catch {
    throw new Error('DEPLOY_PLATFORM_SECRET is not a Standard Webhooks secret: expected "whsec_" followed by base64')
  }
  // A KeyObject once, rather than a raw key that createHmac would prepare on every call.
  const key = createSecretKey(Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64'))
  return (messageId, at, payload) => `v1,${createHmac('sha256', key).update(`${messageId}.${Math.floor(at.getTime() / 1000)}.${payload}`).digest('base64')}`
}
