import type { EntityManager, RequestStatus } from '@gwm/domain'

export type RequestReplay =
  /** Set back to pending now: its callback is to be queued. */
  | { outcome: 'requeued' }
  /** Sent before and already back to pending (an earlier replay or a retry): nothing to queue again. */
  | { outcome: 'already_pending' }
  /** Never sent: superseded, cancelled, blocked, or still on its first way. */
  | { outcome: 'never_sent'; status: RequestStatus }
  | { outcome: 'unknown' }

/**
 * Sets one delivered or failed request back to pending in one statement, as the bulk replay
 * does: of two calls at once only one finds it delivered or failed, so its callback is queued once.
 */
export async function requeueRequest(em: EntityManager, requestId: string): Promise<RequestReplay> {
  const requeued = await em.execute<Array<{ id: string }>>(
    `update deployment_requests set status = 'pending', next_attempt_at = now(), updated_at = now()
     where id = ? and status in ('delivered', 'failed') returning id`,
    [requestId],
  )
  if (requeued.length > 0) return { outcome: 'requeued' }
  const [row] = await em.execute<Array<{ status: RequestStatus; attempts: number }>>(
    'select status, attempts from deployment_requests where id = ?',
    [requestId],
  )
  if (!row) return { outcome: 'unknown' }
  if (row.status === 'pending' && row.attempts > 0) return { outcome: 'already_pending' }
  return { outcome: 'never_sent', status: row.status }
}
