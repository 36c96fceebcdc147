import { type EntityManager, Repository } from '@gwm/domain'

export interface RepositoryFields {
  githubId: number
  fullName: string
  defaultBranch: string
  private: boolean
}

/** The Repository columns a payload's `repository` carries, or null when it has none. */
export function repositoryFields(payload: unknown): RepositoryFields | null {
  const repo = payload as { id?: unknown; full_name?: unknown; default_branch?: unknown; private?: unknown } | undefined
  if (!repo || typeof repo.id !== 'number' || typeof repo.full_name !== 'string') return null
  return {
    githubId: repo.id,
    fullName: repo.full_name,
    defaultBranch: typeof repo.default_branch === 'string' ? repo.default_branch : 'main',
    private: repo.private === true,
  }
}

/** A plain SELECT (no lock), so many events for one repository do not queue behind each other. */
export async function findRepository(em: EntityManager, fields: RepositoryFields) {
  return em.findOne(Repository, { githubId: fields.githubId }, { fields: ['id', 'fullName', 'defaultBranch', 'private'] })
}

export const isCurrent = (row: { fullName: string; defaultBranch: string; private: boolean }, fields: RepositoryFields) =>
  row.fullName === fields.fullName && row.defaultBranch === fields.defaultBranch && row.private === fields.private

/** Creates the row, or refreshes name, default branch and visibility from what GitHub sent. */
export async function saveRepository(em: EntityManager, fields: RepositoryFields): Promise<string> {
  const row = await em.upsert(Repository, fields, {
    onConflictFields: ['githubId'],
    onConflictAction: 'merge',
    onConflictMergeFields: ['fullName', 'defaultBranch', 'private', 'updatedAt'],
  })
  return row.id
}
