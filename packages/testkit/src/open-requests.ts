import type { EntityManager } from '@gwm/domain'

const OPEN_ROWS = `select id, repository_id, environment, kind, status, sequence, next_attempt_at, received_at from deployment_requests
  where status in ('pending', 'waiting_checks', 'delivering')`
const KEPT_ROWS = 'select id, repository_id, environment, kind, status, sequence, next_attempt_at, received_at from open_requests'

/**
 * Where open_requests and the requests it stands for disagree: each open request missing or
 * different there ("missing"), and each row there for no open request, or out of date ("stale").
 * Empty when the triggers kept it true.
 */
export async function openRequestsDrift(em: EntityManager): Promise<Array<{ side: 'missing' | 'stale'; id: string; status: string }>> {
  return em.execute(`select 'missing' as side, id, status from (${OPEN_ROWS} except ${KEPT_ROWS}) m
    union all select 'stale', id, status from (${KEPT_ROWS} except ${OPEN_ROWS}) s order by 2, 1`)
}
