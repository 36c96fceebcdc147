import type { EntityManager } from '@gwm/domain'
import type { Visibility } from './access.ts'

/**
 * What the caller may see narrowed to the repository named `fullName` (every row of that name: a
 * repository deleted and created again, or transferred, may leave an older one): none when it is
 * not stored or not theirs. Resolved before the events are read, so their statement names the
 * repository by id, as a value Postgres plans with, not a subquery it must guess at.
 */
export async function repositoryScope(em: EntityManager, visible: Visibility, fullName: string): Promise<Visibility> {
  const rows = await em.execute<Array<{ id: string }>>('select id from repositories where full_name = ? order by id', [fullName])
  const ids = rows.map((row) => row.id).filter((id) => visible.all || visible.repositoryIds.includes(id))
  return { all: false, repositoryIds: ids }
}
