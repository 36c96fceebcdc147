import type { EntityManager } from '@mikro-orm/postgresql'
import { runPrepared } from './run-prepared.ts'

// A superseded request names the one that replaced it; that one may have been superseded in
// turn. Followed to the end: the request that went (or, while none went yet, the newest waiting).
const WENT_INSTEAD_SQL = `
  with recursive walk as (
    select d.id as start, d.superseded_by as by, 1 as depth
    from deployment_requests d where d.id = any(?::uuid[]) and d.superseded_by is not null
    union all
    select w.start, n.superseded_by, w.depth + 1
    from walk w join deployment_requests n on n.id = w.by
    where n.status = 'superseded' and n.superseded_by is not null and w.depth < 100000
  )
  select distinct on (start) start as id, by from walk order by start, depth desc`

/** For each superseded request among `ids`, the request that went instead of it (along a chain of supersessions). */
export async function wentInstead(em: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const rows = await runPrepared<{ id: string; by: string }>(em, WENT_INSTEAD_SQL, [ids], { planEachTime: true })
  return new Map(rows.map((row) => [row.id, row.by]))
}
