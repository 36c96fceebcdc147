import type { BackoffStrategy } from 'bullmq'

export interface BackoffSchedule {
  /** Delay before the first retry. */
  baseMs: number
  /** No single delay grows beyond this. */
  maxMs: number
}

/** Each delay is spread +-20 % so callbacks that failed together do not retry together. */
const JITTER = 0.2
/** A Retry-After longer than a day is treated as a day. */
const MAX_RETRY_AFTER_MS = 86_400_000

/** The delay before retry n (1 = the first retry), without jitter: base * 2^(n-1), capped. */
export function nominalDelay(retry: number, schedule: BackoffSchedule): number {
  return Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.max(0, retry - 1))
}

export function retryDelay(retry: number, schedule: BackoffSchedule, random: () => number = Math.random): number {
  return Math.round(nominalDelay(retry, schedule) * (1 - JITTER + 2 * JITTER * random()))
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined
  const value = header.trim()
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now
  if (!Number.isFinite(ms)) return undefined
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS)
}

/** Thrown by the callbacks processor to retry after exactly delayMs (backoff or Retry-After). */
export class CallbackRetryError extends Error {
  readonly delayMs: number
  constructor(message: string, delayMs: number) {
    super(message)
    this.name = 'CallbackRetryError'
    this.delayMs = delayMs
  }
}

/**
 * BullMQ's custom backoff (type "callback"): the processor already chose the delay and put
 * it on the error; any other failure (Postgres away, …) falls back to the schedule.
 */
export function makeBackoffStrategy(schedule: BackoffSchedule): BackoffStrategy {
  return (attemptsMade, _type, err) => (err instanceof CallbackRetryError ? err.delayMs : retryDelay(attemptsMade, schedule))
}
