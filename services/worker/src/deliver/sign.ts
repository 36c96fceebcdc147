import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import { Webhook } from 'standardwebhooks'

const PREFIX = 'whsec_'

export type Sign = (messageId: string, at: Date, payload: string) => string

/** The secret as a KeyObject, decoded as the library decodes it (which also checks it). */
function signingKey(secret: string, position: number, count: number): KeyObject {
  try {
    new Webhook(secret).sign('check', new Date(0), '')
  } catch {
    const which = count > 1 ? ` #${position + 1}` : ''
    throw new Error(`DEPLOY_PLATFORM_SECRET${which} is not a Standard Webhooks secret: expected "whsec_" followed by base64`)
  }
  // A KeyObject once, rather than a raw key that createHmac would prepare on every call.
  return createSecretKey(Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64'))
}

/**
 * Standard Webhooks v1 signatures (HMAC-SHA256 of "id.timestamp.payload", base64), computed with
 * node:crypto rather than the library's JavaScript hash, several times slower. During a rotation
 * (secrets = new, old) every message carries one signature per secret, space-separated as the
 * spec allows, so the platform verifies with whichever secret it holds.
 */
export function createSigner(secrets: readonly string[]): Sign {
  const keys = secrets.map((secret, position) => signingKey(secret, position, secrets.length))
  return (messageId, at, payload) => {
    const content = `${messageId}.${Math.floor(at.getTime() / 1000)}.${payload}`
    return keys.map((key) => `v1,${createHmac('sha256', key).update(content).digest('base64')}`).join(' ')
  }
}
