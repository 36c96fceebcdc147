import { type Dispatcher, request } from 'undici'
import { parseRetryAfter } from './backoff.ts'
import type { CallbackOutcome } from './classify.ts'
import type { CallbackBody } from './message.ts'
import { createSigner } from './sign.ts'

const ERROR_BODY_CHARS = 300
/** The most of an answer's body that is read: enough for an error message, never a platform's whole page (or an endless stream). */
const MAX_BODY_BYTES = 4 * 1024

export interface SenderOptions {
  url: string
  /** The Standard Webhooks secrets (whsec_ followed by base64), newest first: each signs every message. */
  secrets: readonly string[]
  timeoutMs: number
}

export type SendCallback = (body: CallbackBody) => Promise<CallbackOutcome>

function describe(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } }
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `timed out after ${timeoutMs} ms`
  const code = err.code ?? err.cause?.code
  return [code, err.message ?? String(error)].filter(Boolean).join(': ')
}

/** The start of a body, at most MAX_BODY_BYTES; the rest is never read (leaving the loop destroys the stream, which closes the connection). */
async function readStart(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    chunks.push(chunk as Buffer)
    size += (chunk as Buffer).length
    if (size >= MAX_BODY_BYTES) break
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8')
}

/**
 * Signs and POSTs one message: webhook-id = the message id (stable across retries),
 * webhook-timestamp = now, webhook-signature = v1 HMAC-SHA256 per the Standard Webhooks spec.
 */
export function createCallbackSender({ url, secrets, timeoutMs }: SenderOptions): SendCallback {
  const sign = createSigner(secrets)
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
      const text = await readStart(res.body)
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
