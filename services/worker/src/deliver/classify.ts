/** What one POST to the platform came to. statusCode is null when no answer arrived. */
export interface CallbackOutcome {
  statusCode: number | null
  durationMs: number
  error: string | null
  /** The platform's Retry-After, in milliseconds. */
  retryAfterMs?: number
}

export type Verdict = { result: 'delivered' } | { result: 'retry'; reason: string } | { result: 'failed'; reason: string }

/**
 * The platform contract: 2xx delivered; 408, 429, 5xx and network errors or timeouts are
 * retried; any other answer (4xx, a redirect) is final, since sending it again cannot help.
 */
export function classify(outcome: CallbackOutcome): Verdict {
  const { statusCode } = outcome
  if (statusCode === null) return { result: 'retry', reason: outcome.error ?? 'no response' }
  if (statusCode >= 200 && statusCode < 300) return { result: 'delivered' }
  const reason = outcome.error ?? `HTTP ${statusCode}`
  if (statusCode === 408 || statusCode === 429 || statusCode >= 500) return { result: 'retry', reason }
  return { result: 'failed', reason }
}
