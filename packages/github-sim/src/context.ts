import type { Urls } from './shapes/account.ts'
import type { Store } from './store.ts'
import type { Switches } from './switches.ts'
import type { UrlSigner } from './web/signed-url.ts'
import type { Sender } from './webhooks/sender.ts'

export interface SimOptions {
  /** How long an OAuth code stays valid (GitHub: 10 minutes). */
  codeTtlMs: number
  /** Webhook delivery timeout (GitHub: 10 s). */
  deliveryTimeoutMs: number
  /** Requests per hour per token (GitHub: 5000; 60 unauthenticated). */
  rateLimitPerHour: number
}

export const DEFAULT_OPTIONS: SimOptions = { codeTtlMs: 10 * 60_000, deliveryTimeoutMs: 10_000, rateLimitPerHour: 5000 }

/** The hourly quota of one token (or one anonymous client). */
export interface Quota {
  limit: number
  used: number
  resetAt: number
}

/** Everything route handlers share. `urls` is filled in once the server listens. */
export interface SimContext {
  store: Store
  urls: Urls
  switches: Switches
  sender: Sender
  options: SimOptions
  quotas: Map<string, Quota>
  /** Signs the short-lived download links of private repositories. */
  signer: UrlSigner
}
