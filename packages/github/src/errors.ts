/**
 * Our errors for what GitHub answered. Services map these to their own HTTP answers; the message
 * says what happened and, where it can, what to do.
 */
export type GitHubErrorCode = 'not_found' | 'forbidden' | 'needs_admin' | 'bad_credentials' | 'rate_limited' | 'validation_failed' | 'unavailable' | 'request_failed'

export class GitHubApiError extends Error {
  readonly code: GitHubErrorCode
  /** GitHub's HTTP status (0 when no response arrived). */
  readonly status: number
  readonly requestId: string | null
  readonly documentationUrl: string | null
  constructor(code: GitHubErrorCode, message: string, details: { status: number; requestId?: string | null; documentationUrl?: string | null; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
    this.name = 'GitHubApiError'
    this.code = code
    this.status = details.status
    this.requestId = details.requestId ?? null
    this.documentationUrl = details.documentationUrl ?? null
  }
}

/** 404: the resource does not exist or the token may not see it (GitHub does not say which). */
export class NotFoundError extends GitHubApiError {
  override name = 'NotFoundError'
}

/** 403 (not a rate limit): the token's user may not do this; `needsAdmin` when admin rights are missing. */
export class ForbiddenError extends GitHubApiError {
  override name = 'ForbiddenError'
  get needsAdmin(): boolean {
    return this.code === 'needs_admin'
  }
}

/** 401: the token is invalid, expired or revoked; the user must sign in again. */
export class BadCredentialsError extends GitHubApiError {
  override name = 'BadCredentialsError'
}

/** A primary or secondary rate limit that was not worth waiting out. */
export class RateLimitedError extends GitHubApiError {
  override name = 'RateLimitedError'
  readonly kind: 'primary' | 'secondary'
  /** When the quota resets (primary limits), else null. */
  readonly resetAt: Date | null
  /** Seconds to wait before trying again. */
  readonly retryAfterSeconds: number
  constructor(message: string, details: { status: number; kind: 'primary' | 'secondary'; resetAt: Date | null; retryAfterSeconds: number; requestId?: string | null; documentationUrl?: string | null; cause?: unknown }) {
    super('rate_limited', message, details)
    this.kind = details.kind
    this.resetAt = details.resetAt
    this.retryAfterSeconds = details.retryAfterSeconds
  }
}

/** 422: GitHub rejected the input; `errors` is GitHub's list. */
export class ValidationFailedError extends GitHubApiError {
  override name = 'ValidationFailedError'
  readonly errors: Array<{ resource?: string; field?: string; code?: string; message?: string }>
  constructor(message: string, details: { status: number; errors: ValidationFailedError['errors']; requestId?: string | null; documentationUrl?: string | null; cause?: unknown }) {
    super('validation_failed', message, details)
    this.errors = details.errors
  }
}

/** GitHub answered 5xx, timed out or could not be reached (after the client's retries). */
export class GitHubUnavailableError extends GitHubApiError {
  override name = 'GitHubUnavailableError'
}

/** GitHub refused the App's own credentials (its JWT): a configuration or clock problem, not the user's. */
export class AppCredentialsError extends GitHubApiError {
  override name = 'AppCredentialsError'
  constructor(message: string, details: { status: number; requestId?: string | null; cause?: unknown }) {
    super('bad_credentials', message, details)
  }
}
