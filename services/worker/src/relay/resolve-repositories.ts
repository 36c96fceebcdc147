import { type EntityManager, Repository } from '@gwm/domain'
import { runPrepared } from '../db/prepared.ts'
import type { RepositoryFields } from '../events/ensure-repository.ts'
import type { PreparedDelivery } from './prepare-deliveries.ts'

interface RepositoryRow {
  id: string
  github_id: string | number
  full_name: string
  default_branch: string
  private: boolean
}

const SELECT_SQL = 'select id, github_id, full_name, default_branch, private from repositories where github_id = any(?::bigint[])'
const STORED_SQL = 'select hook_id, delivery_id from webhook_events where (hook_id, delivery_id) in (select * from unnest(?::bigint[], ?::text[]))'

const matches = (row: RepositoryRow | undefined, fields: RepositoryFields) =>
  row !== undefined && row.full_name === fields.fullName && row.default_branch === fields.defaultBranch && row.private === fields.private

const CACHED_AT_MOST = 10_000

/**
 * Repository rows as this worker last read or wrote them, by GitHub id. A delivery describing
 * its repository exactly as cached needs no read: a row's id never changes, and a rename
 * another worker made since is not undone by using it (that delivery would find it no different).
 */
export function createRepositoryCache() {
  const rows = new Map<number, RepositoryRow>()
  return {
    get: (githubId: number) => rows.get(githubId),
    set(row: RepositoryRow) {
      if (rows.size >= CACHED_AT_MOST) rows.clear()
      rows.set(Number(row.github_id), row)
    },
    clear: () => rows.clear(),
  }
}
export type RepositoryCache = ReturnType<typeof createRepositoryCache>

/** Keys of the deliveries among these that are already stored (redeliveries). */
async function storedKeys(em: EntityManager, deliveries: PreparedDelivery[]): Promise<Set<string>> {
  const keys = [deliveries.map((d) => d.hookId), deliveries.map((d) => d.deliveryId)]
  const rows = await runPrepared<{ hook_id: string | number; delivery_id: string }>(em, STORED_SQL, keys, { planEachTime: true })
  return new Set(rows.map((row) => `${row.hook_id}/${row.delivery_id}`))
}

/**
 * The repository row id of every GitHub repository the batch mentions. Usually one read: a
 * repository seen for the first time, or renamed, is upserted with what the newest delivery in
 * the batch says of it, but never on behalf of a redelivery (an old one must not undo a rename).
 * Rows are written in github id order, so two workers writing the same repositories cannot deadlock.
 */
export async function resolveRepositories(em: EntityManager, deliveries: PreparedDelivery[], cache: RepositoryCache): Promise<Map<number, string>> {
  const ids = new Map<number, string>()
  const unknown = deliveries.filter((d) => {
    if (d.repository === null) return false
    const cached = cache.get(d.repository.githubId)
    if (!matches(cached, d.repository)) return true
    ids.set(d.repository.githubId, cached!.id)
    return false
  })
  if (unknown.length === 0) return ids
  const githubIds = [...new Set(unknown.map((d) => d.repository!.githubId))]
  const rows = await runPrepared<RepositoryRow>(em, SELECT_SQL, [githubIds])
  const byGithubId = new Map(rows.map((row) => [Number(row.github_id), row]))
  for (const row of byGithubId.values()) {
    ids.set(Number(row.github_id), row.id)
    cache.set(row)
  }

  const stale = unknown.filter((d) => !matches(byGithubId.get(d.repository!.githubId), d.repository!))
  if (stale.length === 0) return ids
  const stored = await storedKeys(em, stale)
  const newest = new Map<number, RepositoryFields>()
  for (const delivery of stale) {
    if (!stored.has(`${delivery.hookId}/${delivery.deliveryId}`)) newest.set(delivery.repository!.githubId, delivery.repository!)
  }
  if (newest.size === 0) return ids
  const written = await em.upsertMany(
    Repository,
    [...newest.values()].sort((a, b) => a.githubId - b.githubId),
    { onConflictFields: ['githubId'], onConflictAction: 'merge', onConflictMergeFields: ['fullName', 'defaultBranch', 'private', 'updatedAt'] },
  )
  for (const row of written) {
    ids.set(Number(row.githubId), row.id)
    cache.set({ id: row.id, github_id: row.githubId, full_name: row.fullName, default_branch: row.defaultBranch, private: row.private })
  }
  return ids
}
