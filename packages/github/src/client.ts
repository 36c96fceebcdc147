import { createHash } from 'node:crypto'
import { createAppAuth } from '@octokit/auth-app'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import { Octokit } from '@octokit/rest'
import Bottleneck from 'bottleneck'

const GitHubOctokit = Octokit.plugin(retry, throttling)
export type GitHubClient = InstanceType<typeof GitHubOctokit>

export interface Logger {
  debug(message: string, ...rest: unknown[]): void
  info(message: string, ...rest: unknown[]): void
  warn(message: string, ...rest: unknown[]): void
  error(message: string, ...rest: unknown[]): void
}

export interface GitHubClientOptions {
  /** REST base: https://api.github.com (default), https://ghes.example/api/v3, or the simulator's apiUrl. */
  baseUrl?: string
  /** The user's OAuth token (or a personal token). */
  token?: string
  /**
   * Authenticate as a GitHub App instead (@octokit/auth-app): as the App itself (a JWT, for the
   * /app endpoints), or as one of its installations (installation tokens, minted and cached).
   */
  app?: { appId: number; privateKey: string; installationId?: number }
  userAgent?: string
  /** Per-request timeout (default 10 s); a timeout counts as GitHub being unavailable. */
  timeoutMs?: number
  /** Retries of 5xx answers and network failures (default 3), waiting 1, 4, 9 … × retryBaseMs. */
  retries?: number
  retryBaseMs?: number
  /** How often a rate-limited request is retried after waiting (default 1). */
  rateLimitRetries?: number
  /** Longest wait for a rate limit before giving up with RateLimitedError (default 60 s). */
  maxRateLimitWaitSeconds?: number
  /**
   * Spacing of write requests per token, GitHub's advice against secondary limits (default
   * 1000 ms). Writes that create content and notify people (a comment, an issue) are spaced three
   * times as far apart: Octokit's 3 s at the default.
   */
  writeIntervalMs?: number
  log?: Logger
}

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} }
const spacedGroups = new Map<string, Bottleneck.Group>()

/** One queue per kind of write and interval, keyed inside by token, so each user's writes are spaced. */
function spacedGroup(kind: 'write' | 'notifications', intervalMs: number): Bottleneck.Group {
  const key = `${kind}:${intervalMs}`
  let group = spacedGroups.get(key)
  if (!group) {
    group = new Bottleneck.Group({ maxConcurrent: 1, minTime: intervalMs })
    spacedGroups.set(key, group)
  }
  return group
}

/**
 * An Octokit with retries (5xx, network) and throttling (waits out short rate limits instead of
 * hammering GitHub; longer ones fail fast as RateLimitedError through our helpers).
 */
export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const timeoutMs = options.timeoutMs ?? 10_000
  const rateLimitRetries = options.rateLimitRetries ?? 1
  const maxWait = options.maxRateLimitWaitSeconds ?? 60
  const log = options.log ?? SILENT
  const writeIntervalMs = options.writeIntervalMs ?? 1000
  const shouldRetry = (kind: string) => (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
    const retrying = retryCount < rateLimitRetries && retryAfter <= maxWait
    log.warn(`github: ${kind} rate limit on ${request.method} ${request.url}; ${retrying ? `retrying in ${retryAfter} s` : 'giving up'}`)
    return retrying
  }
  const timedFetch: typeof fetch = (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs)
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout })
  }
  const { app } = options
  const throttleId = app
    ? `app-${app.appId}-${app.installationId ?? 'jwt'}`
    : options.token ? createHash('sha256').update(options.token).digest('hex').slice(0, 16) : 'anonymous'
  return new GitHubOctokit({
    ...(app ? { authStrategy: createAppAuth, auth: { appId: app.appId, privateKey: app.privateKey, ...(app.installationId ? { installationId: app.installationId } : {}) } } : {}),
    ...(options.token && !app ? { auth: options.token } : {}),
    baseUrl: (options.baseUrl ?? 'https://api.github.com').replace(/\/$/, ''),
    userAgent: options.userAgent ?? 'github-webhook-manager',
    log,
    request: { fetch: timedFetch },
    retry: {
      retries: options.retries ?? 3,
      retryAfterBaseValue: options.retryBaseMs ?? 1000,
      // Rate limits (403/429) are the throttling plugin's job; 304 is an answer, not a failure.
      doNotRetry: [304, 400, 401, 403, 404, 409, 410, 422, 429, 451],
    },
    throttle: {
      id: throttleId,
      write: spacedGroup('write', writeIntervalMs),
      notifications: spacedGroup('notifications', 3 * writeIntervalMs),
      onRateLimit: shouldRetry('primary'),
      onSecondaryRateLimit: shouldRetry('secondary'),
    },
  })
}
