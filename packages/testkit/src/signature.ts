import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Checks X-Hub-Signature-256 (`sha256=<hex>`, HMAC-SHA256 over the raw body) as GitHub computes
 * it: tests use it on the deliveries the simulator sends. A Buffer is checked byte for byte, a
 * string as its UTF-8 bytes. A missing or malformed signature is simply not valid; a missing
 * secret is a mistake in the test.
 */
export async function verifySignature(secret: string, payload: string | Buffer, signature: string | undefined | null): Promise<boolean> {
  if (!secret) throw new TypeError('verifySignature: a secret is required')
  if (typeof signature !== 'string' || !/^sha256=[0-9a-f]{64}$/.test(signature)) return false
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`)
  const given = Buffer.from(signature)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
