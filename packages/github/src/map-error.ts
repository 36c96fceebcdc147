import {
  BadCredentialsError,
  ForbiddenError,
  GitHubApiError,
  GitHubUnavailableError,
  NotFoundError,
  RateLimitedError,
  ValidationFailedError,
} from './errors.ts'

interface OctokitFailure {
  status: number
  message: string
  request?: { method?: string; url?: string }
  response?: { headers?: Record<string, string | undefined>; data?: unknown }
}

const isFailure = (error: unknown): error is OctokitFailure =>
  typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'

function describe(request: OctokitFailure['request']): string {
  if (!request?.url) return 'GitHub request'
  const path = URL.canParse(request.url) ? new URL(request.url).pathname : request.url.split('?')[0]
  return `${request.method ?? 'GET'} ${path}`
}

/**
 * Turns what Octokit threw into one of our errors. Anything that is not an HTTP failure (a bug,
 * a bad argument) is returned unchanged.
 */
export function toGitHubError(error: unknown): unknown {
  if (error instanceof GitHubApiError || !isFailure(error)) return error
  const headers = error.response?.headers ?? {}
  const data = error.response?.data as { message?: string; documentation_url?: string; errors?: unknown[] } | undefined
  const githubMessage = typeof data === 'object' && data && typeof data.message === 'string' ? data.message : error.message
  const what = describe(error.request)
  const details = {
    status: error.response ? error.status : 0,
    requestId: headers['x-github-request-id'] ?? null,
    documentationUrl: typeof data === 'object' && data ? (data.documentation_url ?? null) : null,
    cause: error,
  }

  if (!error.response || error.status >= 500) {
    const reason = error.response ? `answered ${error.status} (${githubMessage})` : `could not be reached (${error.message})`
    return new GitHubUnavailableError('unavailable', `${what}: GitHub ${reason}; try again later`, details)
  }
  const remaining = headers['x-ratelimit-remaining']
  const retryAfter = headers['retry-after']
  if (error.status === 429 || (error.status === 403 && (remaining === '0' || retryAfter !== undefined || /rate limit/i.test(githubMessage)))) {
    const reset = Number(headers['x-ratelimit-reset'])
    if (retryAfter === undefined && remaining === '0' && Number.isFinite(reset) && reset > 0) {
      const resetAt = new Date(reset * 1000)
      const wait = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000))
      return new RateLimitedError(`${what}: GitHub's rate limit is used up until ${resetAt.toISOString()}`, { ...details, kind: 'primary', resetAt, retryAfterSeconds: wait })
    }
    const wait = Math.max(1, Number(retryAfter) || 60)
    return new RateLimitedError(`${what}: GitHub's secondary rate limit was hit; retry after ${wait} s`, { ...details, kind: 'secondary', resetAt: null, retryAfterSeconds: wait })
  }
  if (error.status === 401) return new BadCredentialsError('bad_credentials', `${what}: GitHub rejected the token (${githubMessage}); sign in again`, details)
  if (error.status === 403) {
    const needsAdmin = /admin/i.test(githubMessage)
    return new ForbiddenError(needsAdmin ? 'needs_admin' : 'forbidden', needsAdmin ? `${what}: admin rights on the repository are needed (${githubMessage})` : `${what}: GitHub refused (${githubMessage})`, details)
  }
  if (error.status === 404) return new NotFoundError('not_found', `${what}: not found, or not visible to this user and token`, details)
  if (error.status === 422) {
    const errors = Array.isArray(data?.errors) ? (data.errors as ValidationFailedError['errors']) : []
    const reasons = errors.map((entry) => entry.message ?? [entry.resource, entry.field, entry.code].filter(Boolean).join(' ')).filter(Boolean)
    return new ValidationFailedError(`${what}: ${githubMessage}${reasons.length ? `: ${reasons.join('; ')}` : ''}`, { ...details, errors })
  }
  return new GitHubApiError('request_failed', `${what}: GitHub answered ${error.status} (${githubMessage})`, details)
}

/** Runs a GitHub call and rethrows its failure as one of our errors. */
export async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw toGitHubError(error)
  }
}
