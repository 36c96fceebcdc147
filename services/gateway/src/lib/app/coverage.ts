import { type EntityManager, Installation, Repository } from '@gwm/domain'

export interface Coverage {
  installationId: number
  githubId: number
  fullName: string
}

/**
 * The App installation that covers a repository, as the worker keeps it from GitHub's
 * installation events; null when none does (not installed, removed, or uninstalled).
 */
export async function coveringInstallation(em: EntityManager, repository: { githubId: number } | { fullName: string }): Promise<Coverage | null> {
  // GitHub's names ignore case; _ and % are plain characters in them, not wildcards.
  const where = 'githubId' in repository ? { githubId: repository.githubId } : { fullName: { $ilike: repository.fullName.replace(/[\\%_]/g, '\\$&') } }
  const row = await em.findOne(Repository, { ...where, installationId: { $ne: null } }, { fields: ['githubId', 'fullName', 'installationId'] })
  if (!row?.installationId) return null
  const installation = await em.findOne(Installation, { id: row.installationId, deletedAt: null }, { fields: ['id'] })
  return installation ? { installationId: installation.id, githubId: row.githubId, fullName: row.fullName } : null
}

/** The covering installation of each of these repositories (by GitHub id) that has one. */
export async function coverageByRepo(em: EntityManager, githubIds: number[]): Promise<Map<number, number>> {
  if (githubIds.length === 0) return new Map()
  const rows = await em.find(Repository, { githubId: { $in: githubIds }, installationId: { $ne: null } }, { fields: ['githubId', 'installationId'] })
  const ids = [...new Set(rows.map((row) => row.installationId!))]
  const live = new Set((await em.find(Installation, { id: { $in: ids }, deletedAt: null }, { fields: ['id'] })).map((row) => row.id))
  return new Map(rows.filter((row) => live.has(row.installationId!)).map((row) => [row.githubId, row.installationId!]))
}
