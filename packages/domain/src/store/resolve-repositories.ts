import type { EntityManager } from '@mikro-orm/postgresql'
import { Repository } from '../entities/repository.ts'
import type { Delivery, RequestRepository } from './delivery.ts'
import type { RepositoryFields } from './repository-fields.ts'
import { runPrepared } from './run-prepared.ts'
import { deliveryKey, storedKeys } from './stored-keys.ts'

interface RepositoryRow {
  id: string
  github_id: string | number
  full_name: string
  default_branch: string
  private: boolean
}

const SELECT_SQL = 'select id, github_id, full_name, default_branch, private from repositories where github_id = any(?::bigint[])'

const fromRow = (row: RepositoryRow): RequestRepository => ({
  id: row.id,
  githubId: Number(row.github_id),
  fullName: row.full_name,
  defaultBranch: row.default_branch,
  private: row.private,
})

const matches = (row: RequestRepository | undefined, fields: RepositoryFields) =>
  row !== undefined && row.fullName === fields.fullName && row.defaultBranch === fields.defaultBranch && row.private === fields.private

const CACHED_AT_MOST = 10_000

/**
 * Repository rows as this process last read or wrote them, by GitHub id. A delivery describing
 * its repository exactly as cached needs no read: a row's id never changes, and a rename
 * another process made since is not undone by using it (that delivery would find it no different).
 */
export function createRepositoryCache() {
  const rows = new Map<number, RequestRepository>()
  return {
    get: (githubId: number) => rows.get(githubId),
    set(row: RequestRepository) {
      if (rows.size >= CACHED_AT_MOST) rows.clear()
      rows.set(row.githubId, row)
    },
    clear: () => rows.clear(),
  }
}
export type RepositoryCache = ReturnType<typeof createRepositoryCache>

/**
 * The repository row of every GitHub repository the deliveries mention, by GitHub id. Usually
 * one read: a repository seen for the first time, or renamed, is upserted with what the newest
 * delivery says of it, but never on behalf of a redelivery (an old one must not undo a rename).
 * Rows are written in github id order, so two writers of the same repositories cannot deadlock.
 * This is the one place repository rows are written from deliveries.
 */
export async function resolveRepositories(em: EntityManager, deliveries: Delivery[], cache: RepositoryCache): Promise<Map<number, RequestRepository>> {
  const resolved = new Map<number, RequestRepository>()
  const unknown = deliveries.filter((d) => {
    if (d.repository === null) return false
    const cached = cache.get(d.repository.githubId)
    if (!matches(cached, d.repository)) return true
    resolved.set(d.repository.githubId, cached!)
    return false
  })
  if (unknown.length === 0) return resolved
  const githubIds = [...new Set(unknown.map((d) => d.repository!.githubId))]
  for (const row of await runPrepared<RepositoryRow>(em, SELECT_SQL, [githubIds])) {
    const repository = fromRow(row)
    resolved.set(repository.githubId, repository)
    cache.set(repository)
  }

  const stale = unknown.filter((d) => !matches(resolved.get(d.repository!.githubId), d.repository!))
  if (stale.length === 0) return resolved
  const stored = await storedKeys(em, stale)
  const newest = new Map<number, RepositoryFields>()
  for (const delivery of stale) {
    if (!stored.has(deliveryKey(delivery))) newest.set(delivery.repository!.githubId, delivery.repository!)
  }
  if (newest.size === 0) return resolved
  const written = await em.upsertMany(
    Repository,
    [...newest.values()].sort((a, b) => a.githubId - b.githubId).map(({ githubId, fullName, defaultBranch, private: isPrivate }) => ({ githubId, fullName, defaultBranch, private: isPrivate })),
    { onConflictFields: ['githubId'], onConflictAction: 'merge', onConflictMergeFields: ['fullName', 'defaultBranch', 'private', 'updatedAt'] },
  )
  for (const row of written) {
    const repository = { id: row.id, githubId: Number(row.githubId), fullName: row.fullName, defaultBranch: row.defaultBranch, private: row.private }
    resolved.set(repository.githubId, repository)
    cache.set(repository)
  }
  return resolved
}
