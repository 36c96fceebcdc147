/** Failure switches a test (or /_sim) flips to make the simulator misbehave the way GitHub does. */

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
}

export interface OutageSwitch {
  status: 500 | 502 | 503 | 504
  /** How many API requests fail before the switch turns itself off (default: until cleared). */
  times?: number
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

  /** Consumes one use of the rate-limit switch, if it is on. */
  takeRateLimit(): RateLimitSwitch | null {
    const current = this.rateLimit
    if (!current || current.remaining <= 0) return null
    current.remaining -= 1
    if (current.remaining <= 0) this.rateLimit = null
    this.counters.rateLimited += 1
    return current
  }

  takeOutage(): OutageSwitch | null {
    const current = this.outage
    if (!current || current.remaining <= 0) return null
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
