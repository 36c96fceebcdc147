import { type EntityManager, runPrepared } from '@gwm/domain'

const ONCE = { planEachTime: true }

type RedeliveryReason = 'failed' | 'missing'

export interface RedeliveryCandidate {
  guid: string
  /** GitHub's id of the attempt to redeliver. */
  attemptId: number
  reason: RedeliveryReason
}

/**
 * Claims the right to ask GitHub for these redeliveries: one `redeliveries` row per GUID, so
 * of two runs (or two workers) only one ever asks for a GUID. Returns the candidates this call claimed.
 */
export async function claimRedeliveries(em: EntityManager, hook: string, candidates: RedeliveryCandidate[]): Promise<RedeliveryCandidate[]> {
  if (candidates.length === 0) return []
  const rows = await runPrepared<{ delivery_id: string }>(
    em,
    `insert into redeliveries (delivery_id, github_delivery_id, hook, reason, requested_at)
     select guid, attempt, ?::text, reason, now() from unnest(?::text[], ?::bigint[], ?::text[]) as c(guid, attempt, reason)
     on conflict (delivery_id) do nothing returning delivery_id`,
    [hook, candidates.map((c) => c.guid), candidates.map((c) => c.attemptId), candidates.map((c) => c.reason)],
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

/** The GUIDs among these that are stored as events. */
export async function storedGuids(em: EntityManager, guids: string[]): Promise<Set<string>> {
  if (guids.length === 0) return new Set()
  const rows = await runPrepared<{ delivery_id: string }>(em, 'select distinct delivery_id from webhook_events where delivery_id = any(?::text[])', [guids], ONCE)
  return new Set(rows.map((row) => row.delivery_id))
}
