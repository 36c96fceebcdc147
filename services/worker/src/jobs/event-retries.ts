import type { WorkerConfig } from '@gwm/config'

/** How the events queue retries a delivery it could not store. */
export interface EventRetryPlan {
  /** Wait before the first retry. */
  baseMs: number
  /** No wait grows beyond this. */
  maxMs: number
  /** The time all retries may take together. */
  budgetMs: number
}

export const eventRetryPlan = (config: WorkerConfig): EventRetryPlan => ({
  baseMs: config.EVENTS_BACKOFF_BASE_MS,
  maxMs: config.EVENTS_BACKOFF_MAX_MS,
  budgetMs: config.EVENTS_RETRY_BUDGET_MS,
})

/** The wait before retry n (1 = the first): base * 2^(n-1), never more than the cap. */
export function eventRetryDelay(retry: number, plan: EventRetryPlan): number {
  return Math.min(plan.maxMs, plan.baseMs * 2 ** Math.max(0, retry - 1))
}

/**
 * How many attempts a delivery gets: the first, and every retry whose wait still ends within
 * the budget (defaults: 1 s doubling to 5 min, 24 h: 296). Counted in closed form once the
 * waits reach the cap, so a small cap with a long budget costs no loop.
 */
export function eventAttempts(plan: EventRetryPlan): number {
  let attempts = 1
  let spent = 0
  for (;;) {
    const wait = eventRetryDelay(attempts, plan)
    if (wait >= plan.maxMs) return attempts + Math.floor((plan.budgetMs - spent) / plan.maxMs)
    if (spent + wait > plan.budgetMs) return attempts
    spent += wait
    attempts++
  }
}
