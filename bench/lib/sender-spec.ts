// What bench/lib/open-loop-sender.ts is told and what it answers (it runs in its own process).
import type { Hook } from '../../tests/faults/lib/github-sender.ts'

/** Statuses for deliveries without an HTTP answer. */
export const NO_ANSWER = 0
export const CONNECTION_FAILED = -1

export interface SenderSpec {
  /** Ingest (or baseline) base URLs. */
  targets: string[]
  rate: number
  count: number
  hooks: Hook[]
  seed: number
  /** Distinct signed payloads to cycle through. */
  pool: number
  /** Share of the pool whose event derives at least one deployment request. */
  deployingShare: number
  timeoutMs: number
  /**
   * The number the first send's body spells (its trailing whitespace): the phases of one run
   * start where the previous ones stopped, or their bodies would repeat the earlier phases',
   * which the ingest answers 202 and does not store again.
   */
  firstBody?: number
  /**
   * Print each delivery's line (a SentDelivery) as soon as it is answered instead of all of them
   * at the end, and keep none: a long run at a steady rate (bench/sustained.ts) reads them as they come.
   */
  stream?: boolean
}

/**
 * GUID, callbacks the default rules derive, HTTP status (or NO_ANSWER, CONNECTION_FAILED), sent
 * at, answered at (epoch ms), 1 if the answer carried Retry-After (else 0).
 */
export type SentDelivery = [string, number, number, number, number, number]

export interface SenderResult {
  /** How late deliveries left against the schedule, ms. */
  lateP99: number
  lateMax: number
  deliveries: SentDelivery[]
}

/** A refused delivery's answer in words: a 503 without Retry-After is told apart (it must not happen). */
export const answerName = (status: number, retryAfter: number) =>
  status === NO_ANSWER ? 'no answer' : status === CONNECTION_FAILED ? 'connection failed' : status === 503 && !retryAfter ? '503 without Retry-After' : String(status)
