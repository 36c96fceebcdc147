import type { PlatformReceiver, ScriptedAnswer } from '@gwm/testkit'

export interface FlakyPlatform {
  /** Answers scripted in all (after them the receiver answers 200). */
  calls: number
  /** Share answered 5xx (retryable). */
  failShare: number
  /** Share answered 429 with Retry-After: 1. */
  rateLimitShare: number
  /** The position of the one answer held longer than the worker's callback timeout. */
  stallAt: number
  stallMs: number
}

/** Scripts the receiver's next answers: a platform that fails often, rate-limits and stalls once. */
export function scriptFlakyPlatform(receiver: PlatformReceiver, random: () => number, options: FlakyPlatform) {
  const answers: ScriptedAnswer[] = []
  for (let i = 0; i < options.calls; i++) {
    const roll = random()
    if (i === options.stallAt) answers.push({ status: 200, stallMs: options.stallMs })
    // The first calls fail and rate-limit for sure: coalescing may leave a loaded run only a few calls.
    else if (i === 0 && options.failShare > 0) answers.push({ status: 503 })
    else if (i === 1 && options.rateLimitShare > 0) answers.push({ status: 429, retryAfter: '1' })
    else if (roll < options.rateLimitShare) answers.push({ status: 429, retryAfter: '1' })
    else if (roll < options.rateLimitShare + options.failShare) answers.push({ status: random() < 0.5 ? 500 : 503 })
    else answers.push({ status: 200 })
  }
  receiver.respond(...answers)
  return {
    failures: answers.filter((answer) => answer.status >= 500).length,
    rateLimits: answers.filter((answer) => answer.status === 429).length,
  }
}
