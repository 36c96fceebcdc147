/** Failure switches a test (or /_sim) flips to make the simulator misbehave the way GitHub does. */

/**
 * Which API requests a switch refuses: `all` (the default), or `deployments`: only the
 * Deployments API and issue comments (what a deployment integration writes to GitHub), so a
 * test can take those away and leave the rest of GitHub answering.
 */
export type SwitchScope = 'all' | 'deployments'

const DEPLOYMENT_ROUTES = /\/repos\/:owner\/:repo\/(deployments|issues\/(:issue_number\/)?comments)/

/** Whether a request to the route (its pattern, e.g. /api/v3/repos/:owner/:repo/deployments) is in the scope. */
const inScope = (scope: SwitchScope | undefined, route: string): boolean => scope !== 'deployments' || DEPLOYMENT_ROUTES.test(route)

export interface RateLimitSwitch {
  /**
   * `primary`: the hourly quota is used up (x-ratelimit-remaining: 0, x-ratelimit-reset).
   * `secondary`: abuse limit, answered with a `retry-after` header.
   */
  kind: 'primary' | 'secondary'
  /** 403 (GitHub's usual answer) or 429. */
  status?: 403 | 429
  /** Seconds, for secondary limits (default 1). */
  retryAfter?: number
  /** Seconds until x-ratelimit-reset, for primary limits (default 1). */
  resetIn?: number
  /** How many API requests are refused before the switch turns itself off (default: until cleared). */
  times?: number
  scope?: SwitchScope
}

export interface OutageSwitch {
  status: 500 | 502 | 503 | 504
  /** How many API requests fail before the switch turns itself off (default: until cleared). */
  times?: number
  scope?: SwitchScope
}

export type AuthorizeDecision = 'approve' | 'deny'

export class Switches {
  rateLimit: (RateLimitSwitch & { remaining: number }) | null = null
  outage: (OutageSwitch & { remaining: number }) | null = null
  authorize: AuthorizeDecision = 'approve'
  /** API requests answered since start (or reset), by outcome, for tests that count retries. */
  counters = { requests: 0, rateLimited: 0, outages: 0 }

  setRateLimit(value: RateLimitSwitch | null): void {
    this.rateLimit = value ? { ...value, remaining: value.times ?? Number.POSITIVE_INFINITY } : null
  }

  setOutage(value: OutageSwitch | null): void {
    this.outage = value ? { ...value, remaining: value.times ?? Number.POSITIVE_INFINITY } : null
  }

  /** Consumes one use of the rate-limit switch, if it is on (for this route). */
  takeRateLimit(route = ''): RateLimitSwitch | null {
    const current = this.rateLimit
    if (!current || current.remaining <= 0 || !inScope(current.scope, route)) return null
    current.remaining -= 1
    if (current.remaining <= 0) this.rateLimit = null
    this.counters.rateLimited += 1
    return current
  }

  takeOutage(route = ''): OutageSwitch | null {
    const current = this.outage
    if (!current || current.remaining <= 0 || !inScope(current.scope, route)) return null
    current.remaining -= 1
    if (current.remaining <= 0) this.outage = null
    this.counters.outages += 1
    return current
  }

  reset(): void {
    this.rateLimit = null
    this.outage = null
    this.authorize = 'approve'
    this.counters = { requests: 0, rateLimited: 0, outages: 0 }
  }
}
