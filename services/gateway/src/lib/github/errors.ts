import { HttpError } from '@gwm/runtime'
import { GitHubFailure } from './request.ts'

/** How long until GitHub lifts a rate limit, in whole seconds (at least 1). */
function retryAfterS(headers: Headers, now = Date.now()): number {
  const retryAfter = Number(headers.get('retry-after'))
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.ceil(retryAfter)
  const reset = Number(headers.get('x-ratelimit-reset'))
  if (Number.isFinite(reset) && reset > 0) return Math.max(1, Math.ceil(reset - now / 1000))
  return 60
}

const isRateLimit = (failure: GitHubFailure) =>
  failure.status === 429 ||
  (failure.status === 403 && (failure.headers.get('x-ratelimit-remaining') === '0' || failure.headers.has('retry-after') || /rate limit/i.test(failure.message)))

/**
 * GitHub's failure as ours. notFound says, for this call, what a 404 means to the user
 * (GitHub answers 404 both for "does not exist" and "you may not see it").
 */
export function toHttpError(error: unknown, notFound: string): unknown {
  if (!(error instanceof GitHubFailure)) return error
  if (error.status === 0 || error.status >= 500) {
    const why = error.status === 0 ? 'no answer' : `HTTP ${error.status}`
    return new HttpError(502, 'github_unavailable', `GitHub is unavailable right now (${why}): try again shortly`)
  }
  if (isRateLimit(error)) {
    const wait = retryAfterS(error.headers)
    return new HttpError(429, 'github_rate_limited', `GitHub's rate limit for your account is used up: retry in ${wait} s`, { 'retry-after': String(wait) })
  }
  if (error.status === 401) {
    return new HttpError(401, 'github_token_invalid', 'GitHub no longer accepts the token of this session (revoked or expired): sign in again at /auth/login')
  }
  if (error.status === 404) return new HttpError(404, 'not_found', notFound)
  if (error.status === 403) return new HttpError(403, 'forbidden', `GitHub refused: ${error.message}`)
  const details = error.body?.errors?.map((item) => item.message).filter(Boolean).join('; ')
  return new HttpError(422, 'github_rejected', `GitHub rejected the request: ${error.message}${details ? ` (${details})` : ''}`)
}
