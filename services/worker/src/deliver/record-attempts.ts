import { randomUUID } from 'node:crypto'
import { type EntityManager, runPrepared } from '@gwm/domain'
import type { FinishedAttempt } from './attempt.ts'

// The one statement that records callback attempts, of deployment requests and notices alike:
// each attempt, and its message's new state, counted here. A message no longer delivering (a
// sweeper's job settled it while this attempt ran past its lease) keeps its state; the attempt
// is stored all the same, numbered from a read of that row alone. An attempt carries its
// request's received_at (the partition key of both); a notice's, its own time. A request is
// found by id and received_at: one day's partition probed, not every day's. A join to the messages'
// tables for every attempt would be planned once per connection: planned while they were small,
// as a scan of all of them, and kept as they grow.
export const RECORD_ATTEMPTS_SQL = `
  with v as (
    select * from unnest(?::uuid[], ?::uuid[], ?::boolean[], ?::timestamptz[], ?::int[], ?::int[], ?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::timestamptz[])
      as v (attempt_id, message_id, notice, at, status_code, duration_ms, error, retry_at, status, delivered_at, next_attempt_at, last_error, received_at)
  ),
  r as (
    update deployment_requests d
    set attempts = d.attempts + 1, status = v.status, delivered_at = coalesce(v.delivered_at, d.delivered_at),
        next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at), last_error = v.last_error, updated_at = v.at
    from v where not v.notice and d.id = v.message_id and d.received_at = v.received_at and d.status = 'delivering'
    returning d.id, d.attempts, d.received_at
  ),
  n as (
    update platform_notices d
    set attempts = d.attempts + 1, status = v.status, delivered_at = coalesce(v.delivered_at, d.delivered_at),
        next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at), last_error = v.last_error, updated_at = v.at
    from v where v.notice and d.id = v.message_id and d.status = 'delivering'
    returning d.id, d.attempts, null::timestamptz as received_at
  ),
  u as (select * from r union all select * from n),
  a as (
    insert into callback_attempts (id, request_id, notice_id, attempt, at, status_code, duration_ms, error, retry_at, received_at)
    select v.attempt_id, case when v.notice then null else v.message_id end, case when v.notice then v.message_id end,
      coalesce(u.attempts, case when v.notice
        then (select m.attempts from platform_notices m where m.id = v.message_id)
        else (select m.attempts from deployment_requests m where m.id = v.message_id and m.received_at = v.received_at) end),
      v.at, v.status_code, v.duration_ms, v.error, case when u.id is null then null else v.retry_at end,
      coalesce(u.received_at, case when v.notice then v.at else v.received_at end)
    from v left join u on u.id = v.message_id
  )
  select id, attempts from u`

/**
 * Stores attempts: each one, and its message's new state. Resolves to the messages that took
 * it (the others had been settled meanwhile), with their attempt counts; their rows in memory
 * are brought in step.
 */
export async function recordAttempts(em: EntityManager, finished: FinishedAttempt[]): Promise<Map<string, number>> {
  if (finished.length === 0) return new Map()
  const column = <T>(pick: (f: FinishedAttempt) => T) => finished.map(pick)
  const rows = await runPrepared<{ id: string; attempts: number }>(em, RECORD_ATTEMPTS_SQL, [
    column(() => randomUUID()),
    column((f) => f.outbound.row.id),
    column((f) => f.outbound.table === 'notice'),
    column((f) => f.at),
    column((f) => f.outcome.statusCode),
    column((f) => f.outcome.durationMs),
    column((f) => f.outcome.error),
    column((f) => f.retryAt),
    column((f) => f.next.status),
    column((f) => f.next.deliveredAt),
    column((f) => f.next.nextAttemptAt),
    column((f) => f.next.lastError),
    column((f) => f.outbound.receivedAt),
  ])
  const taken = new Map(rows.map((row) => [row.id, row.attempts]))
  for (const f of finished) {
    const attempts = taken.get(f.outbound.row.id)
    if (attempts !== undefined) Object.assign(f.outbound.row, { status: f.next.status, lastError: f.next.lastError, attempts })
  }
  return taken
}
