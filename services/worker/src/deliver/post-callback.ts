import { request } from 'undici'
import { parseRetryAfter } from './backoff.ts'
import type { CallbackOutcome } from './classify.ts'
import type { CallbackBody } from './message.ts'
import { createSigner } from './sign.ts'

const ERROR_BODY_CHARS = 300

export interface SenderOptions {
  url: string
  /** The Standard Webhooks secret: whsec_ followed by base64. */
  secret: string
  timeoutMs: number
}

export type SendCallback = (body: CallbackBody) => Promise<CallbackOutcome>

function describe(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } }
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `timed out after ${timeoutMs} ms`
  const code = err.code ?? err.cause?.code
  return [code, err.message ?? String(error)].filter(Boolean).join(': ')
}

/**
 * Signs and POSTs one message: webhook-id = the message id (stable across retries),
 * webhook-timestamp = now, webhook-signature = v1 HMAC-SHA256 per the Standard Webhooks spec.
 */
export function createCallbackSender({ url, secret, timeoutMs }: SenderOptions): SendCallback {
  const sign = createSigner(secret)
  return async (message) => {
    const payload = JSON.stringify(message)
    const now = new Date()
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'github-webhook-manager',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': sign(message.id, now, payload),
    }
    const started = performance.now()
    const elapsed = () => Math.round(performance.now() - started)
    try {
      const res = await request(url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(timeoutMs) })
      const text = await res.body.text()
      const ok = res.statusCode >= 200 && res.statusCode < 300
      const retryAfter = res.headers['retry-after']
      return {
        statusCode: res.statusCode,
        durationMs: elapsed(),
        error: ok ? null : `HTTP ${res.statusCode}${text ? `: ${text.slice(0, ERROR_BODY_CHARS)}` : ''}`,
        retryAfterMs: parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
      }
    } catch (error) {
      return { statusCode: null, durationMs: elapsed(), error: describe(error, timeoutMs) }
    }
  }
}
