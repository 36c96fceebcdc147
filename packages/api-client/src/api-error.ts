/**
 * What went wrong with a call, in the terms a page acts on:
 * signed_out: sign in again; rate_limited / unavailable: wait and retry (retryAfterS when the
 * gateway said); network: the gateway did not answer; the rest: show the message.
 */
export type ApiErrorKind =
  | 'signed_out' | 'rate_limited' | 'unavailable' | 'network'
  | 'csrf' | 'forbidden' | 'not_found' | 'invalid' | 'conflict' | 'failed'

export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly kind: ApiErrorKind
  readonly status: number | null
  /** The gateway's machine-readable code (`error`), e.g. validation_failed. */
  readonly code: string
  /** Seconds to wait before retrying, when the gateway said (Retry-After). */
  readonly retryAfterS: number | null
  /** The error body's other fields, e.g. installUrl of app_not_installed. */
  readonly details: Record<string, unknown>

  constructor(kind: ApiErrorKind, status: number | null, code: string, message: string, retryAfterS: number | null = null, details: Record<string, unknown> = {}) {
    super(message)
    this.kind = kind
    this.status = status
    this.code = code
    this.retryAfterS = retryAfterS
    this.details = details
  }

  /** Whether trying again later may work. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable' || this.kind === 'network'
  }
}

function kindOf(status: number, code: string): ApiErrorKind {
  if (status === 401) return 'signed_out'
  if (status === 403) return code === 'csrf_invalid' ? 'csrf' : 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 429) return 'rate_limited'
  if (status === 502 || status === 503 || status === 504) return 'unavailable'
  if (status >= 400 && status < 500) return 'invalid'
  return 'failed'
}

/** Retry-After as seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (!value) return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const at = Date.parse(value)
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000))
}

const FALLBACK: Partial<Record<ApiErrorKind, string>> = {
  signed_out: 'You are signed out.',
  rate_limited: 'Too many requests: wait a moment and try again.',
  unavailable: 'The service is unavailable right now: try again shortly.',
}

/** The ApiError of an answer that was not a success: the gateway's `{error, message}` body when it sent one. */
export function apiErrorOf(status: number, headers: Headers, body: unknown): ApiError {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const { error, message, ...details } = fields
  const code = typeof error === 'string' ? error : `http_${status}`
  const kind = kindOf(status, code)
  const text = typeof message === 'string' && message ? message : (FALLBACK[kind] ?? `The request failed (HTTP ${status}).`)
  return new ApiError(kind, status, code, text, retryAfterSeconds(headers.get('retry-after')), details)
}

/** The ApiError of a request that got no answer at all (offline, connection refused). */
export function networkErrorOf(cause: unknown): ApiError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new ApiError('network', null, 'network', `The gateway could not be reached (${reason}): check your connection and try again.`)
}
