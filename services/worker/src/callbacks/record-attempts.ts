import { randomUUID } from 'node:crypto'
import type { EntityManager } from '@gwm/domain'
import { runPrepared } from '../db/prepared.ts'
import type { CallbackOutcome } from './classify.ts'
import type { Outbound } from './message.ts'
import type { Settled } from './record-attempt.ts'

export interface FinishedAttempt {
  outbound: Outbound
  outcome: CallbackOutcome
  at: Date
  retryAt: Date | null
  next: Settled
}

// The attempts of many deployment requests and their new states, in one statement. The attempt
// is counted here, not at the claim. A row no longer delivering (a sweeper's job settled it
// while this attempt ran past its lease) keeps its state; the attempt is stored all the same,
// numbered from a read of that row alone. A join to deployment_requests for every attempt would
// be planned once per connection: planned while the table was small, as a scan of all of it,
// and kept as the table grows.
export const RECORD_SQL = `
  with v as (
    select * from unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::int[], ?::int[], ?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[])
      as v (attempt_id, request_id, at, status_code, duration_ms, error, retry_at, status, delivered_at, next_attempt_at, last_error)
  ),
  u as (
    update deployment_requests d
    set attempts = d.attempts + 1, status = v.status, delivered_at = coalesce(v.delivered_at, d.delivered_at),
        next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at), last_error = v.last_error, updated_at = v.at
    from v where d.id = v.request_id and d.status = 'delivering'
    returning d.id, d.attempts
  ),
  a as (
    insert into callback_attempts (id, request_id, attempt, at, status_code, duration_ms, error, retry_at)
    select v.attempt_id, v.request_id, coalesce(u.attempts, (select r.attempts from deployment_requests r where r.id = v.request_id)),
      v.at, v.status_code, v.duration_ms, v.error, case when u.id is null then null else v.retry_at end
    from v left join u on u.id = v.request_id
  )
  select id, attempts from u`

/**
 * Stores a batch of first attempts: each attempt, and its request's new state. Resolves to the
 * requests that took it (the others had been settled meanwhile), with their attempt counts.
 */
export async function recordAttempts(em: EntityManager, finished: FinishedAttempt[]): Promise<Map<string, number>> {
  if (finished.length === 0) return new Map()
  const column = <T>(pick: (f: FinishedAttempt) => T) => finished.map(pick)
  const rows = await runPrepared<{ id: string; attempts: number }>(em, RECORD_SQL, [
    column(() => randomUUID()),
    column((f) => f.outbound.row.id),
    column((f) => f.at),
    column((f) => f.outcome.statusCode),
    column((f) => f.outcome.durationMs),
    column((f) => f.outcome.error),
    column((f) => f.retryAt),
    column((f) => f.next.status),
    column((f) => f.next.deliveredAt),
    column((f) => f.next.nextAttemptAt),
    column((f) => f.next.lastError),
  ])
  const taken = new Map(rows.map((row) => [row.id, row.attempts]))
  for (const f of finished) {
    const attempts = taken.get(f.outbound.row.id)
    if (attempts !== undefined) Object.assign(f.outbound.row, f.next, { attempts })
  }
  return taken
}
