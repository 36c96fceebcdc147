import { createHmac, timingSafeEqual } from 'node:crypto'
import { sign, verify, verifyWithFallback } from '@octokit/webhooks-methods'

export type {
  CreateEvent,
  DeleteEvent,
  PingEvent,
  PullRequestEvent,
  PushEvent,
  ReleaseEvent,
  WebhookEvent,
  WebhookEventMap,
  WebhookEventName,
} from '@octokit/webhooks-types'

/** `sha256=<hex>` over the payload, the value of X-Hub-Signature-256. */
export function signPayload(secret: string, payload: string): Promise<string> {
  if (!secret) throw new TypeError('signPayload: a secret is required')
  if (payload === '') return Promise.resolve(`sha256=${createHmac('sha256', secret).update('').digest('hex')}`)
  return sign(secret, payload)
}

function verifyBytes(secret: string, payload: Buffer, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`)
  const given = Buffer.from(signature)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const usable = (signature: string | undefined | null): signature is string => typeof signature === 'string' && /^sha256=[0-9a-f]{64}$/.test(signature)

/**
 * Checks X-Hub-Signature-256 against the raw body (a Buffer is checked byte for byte). A missing
 * or malformed signature is simply not valid; a missing secret is a configuration error.
 */
export async function verifySignature(secret: string, payload: string | Buffer, signature: string | undefined | null): Promise<boolean> {
  if (!secret) throw new TypeError('verifySignature: a secret is required (check the hook secret or WEBHOOK_SECRET)')
  if (!usable(signature)) return false
  if (Buffer.isBuffer(payload)) return verifyBytes(secret, payload, signature)
  if (payload === '') return verifyBytes(secret, Buffer.alloc(0), signature)
  return verify(secret, payload, signature)
}

/** Like verifySignature, also accepting any of `fallbackSecrets` (secret rotation). */
export async function verifySignatureWithFallback(
  secret: string,
  payload: string | Buffer,
  signature: string | undefined | null,
  fallbackSecrets: string[] = [],
): Promise<boolean> {
  if (!secret) throw new TypeError('verifySignatureWithFallback: a secret is required')
  if (!usable(signature)) return false
  const others = fallbackSecrets.filter(Boolean)
  if (Buffer.isBuffer(payload) || payload === '') {
    const bytes = Buffer.isBuffer(payload) ? payload : Buffer.alloc(0)
    return [secret, ...others].some((candidate) => verifyBytes(candidate, bytes, signature))
  }
  return Boolean(await verifyWithFallback(secret, payload, signature, others))
}
