import {
  BadCredentialsError,
  ForbiddenError,
  GitHubApiError,
  GitHubUnavailableError,
  NotFoundError,
  RateLimitedError,
  ValidationFailedError,
} from '@gwm/github'
import { HttpError } from '@gwm/runtime'

/** What a 404 or a missing-admin 403 means for one call, in words for the user. */
export interface FailureWords {
  /** GitHub answers 404 both for "does not exist" and "you may not see it". */
  notFound: string
  needsAdmin?: string
}

/** @gwm/github's error as our HTTP answer; anything else is returned unchanged. */
export function toHttpError(error: unknown, words: FailureWords): unknown {
  if (!(error instanceof GitHubApiError)) return error
  if (error instanceof GitHubUnavailableError) {
    return new HttpError(502, 'github_unavailable', `GitHub is unavailable right now (${error.status ? `HTTP ${error.status}` : 'no answer'}): try again shortly`)
  }
  if (error instanceof RateLimitedError) {
    const wait = String(error.retryAfterSeconds)
    return new HttpError(429, 'github_rate_limited', `GitHub's rate limit for your account is used up: retry in ${wait} s`, { 'retry-after': wait })
  }
  if (error instanceof BadCredentialsError) {
    return new HttpError(401, 'github_token_invalid', 'GitHub no longer accepts the token of this session (revoked or expired): sign in again at /auth/login')
  }
  if (error instanceof NotFoundError) return new HttpError(404, 'not_found', words.notFound)
  if (error instanceof ForbiddenError) {
    return new HttpError(403, 'forbidden', error.needsAdmin && words.needsAdmin ? words.needsAdmin : `GitHub refused: ${error.message}`)
  }
  if (error instanceof ValidationFailedError) return new HttpError(422, 'github_rejected', `GitHub rejected the request: ${error.message}`)
  return new HttpError(502, 'github_unavailable', `GitHub answered unexpectedly (HTTP ${error.status}): try again shortly`)
}
