import type { collectArrivals } from './arrivals.ts'
import type { Accepted, PhaseResult } from './e2e-phase.ts'
import { countStored } from './e2e-store.ts'

export interface Lost {
  deliveries: number
  callbacks: number
  /** Accepted deliveries that never reached Postgres. */
  notStored: number
  /** Derived callbacks that never reached the receiver. */
  neverArrived: number
  /** How long the final check waited for stragglers. */
  waitedMs: number
}

/**
 * Over every run of our pipeline: what was acknowledged with a 2xx but, by the end of the whole
 * benchmark (after waiting up to waitMs more), is not in Postgres or never called back.
 * A phase's drain window can close on a backlog; this is what tells late from lost.
 */
export async function countLost(results: PhaseResult[], env: { db: Parameters<typeof countStored>[0]; collector: ReturnType<typeof collectArrivals> }, waitMs: number): Promise<Lost> {
  const accepted = new Map<string, Accepted>()
  for (const result of results) if (result.pipeline === 'ours') for (const [id, each] of result.accepted) accepted.set(id, each)
  const ids = [...accepted.keys()]
  const callbacks = [...accepted.values()].reduce((sum, each) => sum + each.expected, 0)
  const started = Date.now()
  for (;;) {
    env.collector.take()
    const seen = new Map<string, Set<string>>()
    for (const arrival of env.collector.arrivals) {
      if (arrival.passThrough || !arrival.ok || !accepted.has(arrival.deliveryId)) continue
      const set = seen.get(arrival.deliveryId) ?? new Set()
      seen.set(arrival.deliveryId, set.add(arrival.callbackId))
    }
    let neverArrived = 0
    for (const [id, each] of accepted) neverArrived += Math.max(0, each.expected - (seen.get(id)?.size ?? 0))
    const notStored = accepted.size - (await countStored(env.db, ids))
    if ((neverArrived === 0 && notStored === 0) || Date.now() - started > waitMs) {
      return { deliveries: accepted.size, callbacks, notStored, neverArrived, waitedMs: Date.now() - started }
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
}
