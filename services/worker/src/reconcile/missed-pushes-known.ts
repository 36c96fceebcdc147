import type { EntityManager } from '@gwm/domain'

/** A repository the missed-push check looks at: connected, covered by a live installation. */
export interface WatchedRepository {
  id: string
  githubId: number
  fullName: string
  defaultBranch: string
  installationId: number
}

/** What we know of one branch: its newest stored push and the newest request made for it in its environment. */
export interface KnownBranch {
  /** The head of the newest push stored for the ref (GitHub's or a reconciled one); null: none stored. */
  pushedSha: string | null
  /** The commit of the environment's newest request for the ref (by sequence); null: none. */
  requestedSha: string | null
}

/** Repositories with an installation that is neither suspended nor deleted (or just the one asked for). */
export async function watchedRepositories(em: EntityManager, only?: string): Promise<WatchedRepository[]> {
  const rows = (await em.execute(
    `select r.id, r.github_id, r.full_name, r.default_branch, r.installation_id from repositories r
      join installations i on i.id = r.installation_id
      where i.suspended_at is null and i.deleted_at is null and (?::uuid is null or r.id = ?::uuid)
      order by r.full_name`,
    [only ?? null, only ?? null],
  )) as Array<{ id: string; github_id: string | number; full_name: string; default_branch: string; installation_id: string | number }>
  return rows.map((row) => ({ id: row.id, githubId: Number(row.github_id), fullName: row.full_name, defaultBranch: row.default_branch, installationId: Number(row.installation_id) }))
}

/** The newest push stored for a ref and the newest request of its environment for it. */
export async function knownBranch(em: EntityManager, repositoryId: string, ref: string, environment: string): Promise<KnownBranch> {
  // The repository's events newest first (its index), down to the first push to this ref.
  const [push] = (await em.execute(
    `select payload->>'after' as after from webhook_events
      where repository_id = ? and event = 'push' and payload->>'ref' = ?
      order by received_at desc limit 1`,
    [repositoryId, ref],
  )) as Array<{ after: string | null }>
  const [request] = (await em.execute(
    `select sha from deployment_requests
      where repository_id = ? and environment = ? and ref = ?
      order by sequence desc nulls last, created_at desc limit 1`,
    [repositoryId, environment, ref],
  )) as Array<{ sha: string | null }>
  return { pushedSha: push?.after ?? null, requestedSha: request?.sha ?? null }
}

/** Whether any push to this ref with this head was stored (GitHub's delivery or one made here before). */
export async function pushStored(em: EntityManager, repositoryId: string, ref: string, sha: string): Promise<boolean> {
  const rows = (await em.execute(
    `select 1 from webhook_events
      where repository_id = ? and event = 'push' and payload->>'ref' = ? and payload->>'after' = ? limit 1`,
    [repositoryId, ref, sha],
  )) as unknown[]
  return rows.length > 0
}
