import type { RequestStatus } from '@gwm/domain'
import type { Verdict } from './classify.ts'

export interface Settled {
  status: RequestStatus
  deliveredAt: Date | null
  nextAttemptAt: Date | null
  lastError: string | null
}

/** Where a message stands after its attempt number `attempt`: delivered, pending (retry at) or failed. */
export function settle(attempt: number, verdict: Verdict, now: Date, retryAt: Date | null): Settled {
  if (verdict.result === 'delivered') return { status: 'delivered', deliveredAt: now, nextAttemptAt: null, lastError: null }
  if (retryAt) return { status: 'pending', deliveredAt: null, nextAttemptAt: retryAt, lastError: verdict.reason }
  const gaveUp = verdict.result === 'retry' ? ` (gave up after ${attempt} attempts)` : ''
  return { status: 'failed', deliveredAt: null, nextAttemptAt: null, lastError: `${verdict.reason}${gaveUp}` }
}
