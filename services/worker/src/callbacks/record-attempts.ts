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

// The attempts of many deployment requests and their new states, in one statement.
const RECORD_SQL = `
  with v as (
    select * from unnest(?::uuid[], ?::uuid[], ?::int[], ?::timestamptz[], ?::int[], ?::int[], ?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[])
      as v (attempt_id, request_id, attempt, at, status_code, duration_ms, error, retry_at, status, delivered_at, next_attempt_at, last_error)
  ),
  a as (
    insert into callback_attempts (id, request_id, attempt, at, status_code, duration_ms, error, retry_at)
    select attempt_id, request_id, attempt, at, status_code, duration_ms, error, retry_at from v
  )
  update deployment_requests d
  set status = v.status, delivered_at = coalesce(v.delivered_at, d.delivered_at), next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
      last_error = v.last_error, updated_at = v.at
  from v where d.id = v.request_id`

/** recordAttempt for a batch of deployment requests: what each attempt came to, and each row's new state. */
export async function recordAttempts(em: EntityManager, finished: FinishedAttempt[]): Promise<void> {
  if (finished.length === 0) return
  const column = <T>(pick: (f: FinishedAttempt) => T) => finished.map(pick)
  await runPrepared(em, RECORD_SQL, [
    column(() => randomUUID()),
    column((f) => f.outbound.row.id),
    column((f) => f.outbound.row.attempts),
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
  for (const f of finished) Object.assign(f.outbound.row, f.next)
}
