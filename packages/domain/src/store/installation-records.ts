import type { EntityManager } from '@mikro-orm/postgresql'
import { runPrepared } from './run-prepared.ts'

export interface InstallationRow {
  id: number
  accountId: number
  selection: 'all' | 'selected'
  suspended: boolean
  deleted: boolean
  repositoryIds: number[]
}

const RECORDS_SQL = `
  select i.id, i.account_id, i.repository_selection, i.suspended_at is not null as suspended, i.deleted_at is not null as deleted,
    coalesce((select array_agg(r.github_id) from repositories r where r.installation_id = i.id), '{}') as repository_ids
  from installations i where ?::boolean or i.id = any(?::bigint[])`

/** Installations (these, or all of them) with the repositories they cover, as the ingest's registry holds them. */
export async function installationRecords(em: EntityManager, ids: number[] | 'all'): Promise<InstallationRow[]> {
  const rows = await runPrepared<{ id: string | number; account_id: string | number; repository_selection: 'all' | 'selected'; suspended: boolean; deleted: boolean; repository_ids: Array<string | number> }>(
    em, RECORDS_SQL, [ids === 'all', ids === 'all' ? [] : ids], { planEachTime: true },
  )
  return rows.map((row) => ({
    id: Number(row.id),
    accountId: Number(row.account_id),
    selection: row.repository_selection,
    suspended: row.suspended,
    deleted: row.deleted,
    repositoryIds: row.repository_ids.map(Number),
  }))
}
