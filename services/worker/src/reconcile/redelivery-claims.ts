import { type EntityManager, runPrepared } from '@gwm/domain'

const ONCE = { planEachTime: true }

type RedeliveryReason = 'failed' | 'missing'

export interface RedeliveryCandidate {
  guid: string
  /** GitHub's id of the attempt to redeliver. */
  attemptId: number
  reason: RedeliveryReason
}

/** How many times GitHub is asked for one GUID before it is left to the by-hand route. */
const MAX_ASKS = 3
/** Two runs at once (two workers) never both ask: a claim is taken over no sooner than this after it was made. */
const MIN_RETRY_MS = 1_000

/**
 * Claims the right to ask GitHub for these redeliveries: one `redeliveries` row per GUID, so
 * of two runs (or two workers) only one asks for a GUID. A GUID asked for before whose
 * redelivery did not make it either (the ingest still down) is claimed again once its last ask
 * is `retryAfterMs` old, up to MAX_ASKS asks in all. Returns the candidates this call claimed.
 */
export async function claimRedeliveries(em: EntityManager, hook: string, candidates: RedeliveryCandidate[], retryAfterMs: number, now = new Date()): Promise<RedeliveryCandidate[]> {
  if (candidates.length === 0) return []
  const askedBefore = new Date(now.getTime() - Math.max(retryAfterMs, MIN_RETRY_MS))
  const rows = await runPrepared<{ delivery_id: string }>(
    em,
    `insert into redeliveries (delivery_id, github_delivery_id, hook, reason, requested_at, asks)
     select guid, attempt, ?::text, reason, now(), 1 from unnest(?::text[], ?::bigint[], ?::text[]) as c(guid, attempt, reason)
     on conflict (delivery_id) do update set github_delivery_id = excluded.github_delivery_id, reason = excluded.reason, requested_at = now(), asks = redeliveries.asks + 1
       where redeliveries.asks < ?::int and redeliveries.requested_at < ?::timestamptz
     returning delivery_id`,
    [hook, candidates.map((c) => c.guid), candidates.map((c) => c.attemptId), candidates.map((c) => c.reason), MAX_ASKS, askedBefore],
    ONCE,
  )
  const claimed = new Set(rows.map((row) => row.delivery_id))
  return candidates.filter((candidate) => claimed.has(candidate.guid))
}

/** Gives claims back when GitHub could not be asked (an outage, a rate limit): a later run asks again. */
export async function releaseClaims(em: EntityManager, guids: string[]): Promise<void> {
  if (guids.length === 0) return
  await runPrepared(em, 'delete from redeliveries where delivery_id = any(?::text[])', [guids], ONCE)
}

/** The GUIDs among these that are stored as events, or were and are pruned (still inside the redelivery window). */
export async function storedGuids(em: EntityManager, guids: string[]): Promise<Set<string>> {
  if (guids.length === 0) return new Set()
  const rows = await runPrepared<{ delivery_id: string }>(
    em,
    'select delivery_id from webhook_events where delivery_id = any(?::text[]) union select delivery_id from pruned_deliveries where delivery_id = any(?::text[])',
    [guids, guids],
    ONCE,
  )
  return new Set(rows.map((row) => row.delivery_id))
}
