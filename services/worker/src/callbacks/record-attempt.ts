import { randomUUID } from 'node:crypto'
import type { EntityManager, RequestStatus } from '@gwm/domain'
import { runPrepared } from '../db/prepared.ts'
import type { CallbackOutcome, Verdict } from './classify.ts'
import type { Outbound } from './message.ts'

const TABLES = { request: 'deployment_requests', notice: 'platform_notices' } as const
const OWNER = { request: 'request_id', notice: 'notice_id' } as const

export interface Settled {
  status: RequestStatus
  deliveredAt: Date | null
  nextAttemptAt: Date | null
  lastError: string | null
}

/** Where a message stands after an attempt: delivered, pending (retry at) or failed. */
export function settle(attempts: number, verdict: Verdict, now: Date, retryAt: Date | null): Settled {
  if (verdict.result === 'delivered') return { status: 'delivered', deliveredAt: now, nextAttemptAt: null, lastError: null }
  if (retryAt) return { status: 'pending', deliveredAt: null, nextAttemptAt: retryAt, lastError: verdict.reason }
  const gaveUp = verdict.result === 'retry' ? ` (gave up after ${attempts} attempts)` : ''
  return { status: 'failed', deliveredAt: null, nextAttemptAt: null, lastError: `${verdict.reason}${gaveUp}` }
}

/**
 * Stores the attempt and moves the message to delivered, pending (retry at) or failed, in
 * one statement (atomic, one round trip): the callbacks queue runs hot, and every statement
 * costs a trip to Postgres.
 */
export async function recordAttempt(em: EntityManager, outbound: Outbound, outcome: CallbackOutcome, verdict: Verdict, delayMs: number | undefined): Promise<RequestStatus> {
  const { row } = outbound
  const now = new Date()
  const retryAt = delayMs === undefined ? null : new Date(now.getTime() + delayMs)
  const next = settle(row.attempts, verdict, now, retryAt)
  await runPrepared(
    em,
    `with attempt as (
       insert into callback_attempts (id, ${OWNER[outbound.table]}, attempt, at, status_code, duration_ms, error, retry_at) values (?, ?, ?, ?, ?, ?, ?, ?)
     )
     update ${TABLES[outbound.table]} set status = ?, delivered_at = coalesce(?, delivered_at), next_attempt_at = coalesce(?, next_attempt_at), last_error = ?, updated_at = ? where id = ?`,
    [randomUUID(), row.id, row.attempts, now, outcome.statusCode, outcome.durationMs, outcome.error, retryAt, next.status, next.deliveredAt, next.nextAttemptAt, next.lastError, now, row.id],
  )
  Object.assign(row, next)
  return next.status
}
