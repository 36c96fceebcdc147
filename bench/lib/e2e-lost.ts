import type { collectArrivals } from './arrivals.ts'
import type { Accepted, PhaseResult } from './e2e-phase.ts'
import { expectedCallbacks, storedRequests } from './e2e-store.ts'

export interface Lost {
  deliveries: number
  /** Deployment requests Postgres holds for them. */
  requests: number
  /** Of those, never sent by design: superseded by a newer one of the same environment, or a second teardown. */
  superseded: number
  cancelled: number
  /** Callbacks that must arrive: every other request (of a delivery not stored, what the rules derive). */
  callbacks: number
  /** Accepted deliveries that never reached Postgres. */
  notStored: number
  /** Expected callbacks that never reached the receiver. */
  neverArrived: number
  /** How long the final check waited for stragglers. */
  waitedMs: number
}

/**
 * Over every run of our pipeline: what was acknowledged with a 2xx but, by the end of the whole
 * benchmark (after waiting up to waitMs more), is not in Postgres or never called back. A request
 * that ended superseded or cancelled is never sent and so not lost; any other (delivered, or still
 * pending, failed...) must have arrived. A phase's drain window can close on a backlog; this is
 * what tells late from lost.
 */
export async function countLost(results: PhaseResult[], env: { db: Parameters<typeof storedRequests>[0]; collector: ReturnType<typeof collectArrivals> }, waitMs: number): Promise<Lost> {
  const accepted = new Map<string, Accepted>()
  for (const result of results) if (result.pipeline === 'ours') for (const [id, each] of result.accepted) accepted.set(id, each)
  const ids = [...accepted.keys()]
  const started = Date.now()
  for (;;) {
    env.collector.take()
    const seen = new Map<string, Set<string>>()
    for (const arrival of env.collector.arrivals) {
      if (arrival.passThrough || !arrival.ok || !accepted.has(arrival.deliveryId)) continue
      const set = seen.get(arrival.deliveryId) ?? new Set()
      seen.set(arrival.deliveryId, set.add(arrival.callbackId))
    }
    const stored = await storedRequests(env.db, ids)
    let neverArrived = 0
    let callbacks = 0
    for (const [id, each] of accepted) {
      const expected = expectedCallbacks(stored.get(id), each.expected)
      callbacks += expected
      neverArrived += Math.max(0, expected - (seen.get(id)?.size ?? 0))
    }
    const notStored = accepted.size - stored.size
    if ((neverArrived === 0 && notStored === 0) || Date.now() - started > waitMs) {
      const sum = (key: 'requests' | 'superseded' | 'cancelled') => [...stored.values()].reduce((total, each) => total + each[key], 0)
      return { deliveries: accepted.size, requests: sum('requests'), superseded: sum('superseded'), cancelled: sum('cancelled'), callbacks, notStored, neverArrived, waitedMs: Date.now() - started }
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
}
