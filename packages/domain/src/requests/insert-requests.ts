import { randomUUID } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import { DeploymentRequest } from '../entities/deployment-request.ts'
import type { DerivedRequest } from '../rules/types.ts'

/**
 * Stores what the rules derived for one event, skipping any (kind, environment) the event
 * already has, and returns the ids of the rows it created. Used by a replay (which then
 * creates nothing twice); the repository is kept on each row as it is now.
 */
/** The repository a request is for, as its callbacks will describe it. */
export interface RequestRepository {
  id: string
  fullName: string
  defaultBranch: string
  private: boolean
}

export async function insertRequests(em: EntityManager, eventId: string, repository: RequestRepository, derived: readonly DerivedRequest[]): Promise<string[]> {
  if (derived.length === 0) return []
  const now = new Date()
  const rows = derived.map((request) => ({
    id: randomUUID(),
    event: eventId,
    repository: repository.id,
    repositoryFullName: repository.fullName,
    repositoryDefaultBranch: repository.defaultBranch,
    repositoryPrivate: repository.private,
    kind: request.kind,
    ref: request.ref,
    sha: request.sha,
    environment: request.environment,
    pullRequest: request.pullRequest ?? null,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  }))
  const inserted = await em
    .qb(DeploymentRequest)
    .insert(rows)
    .onConflict(['event', 'kind', 'environment'])
    .ignore()
    .returning(['id'])
    .execute('all')
  return (inserted as Array<{ id: string }>).map((row) => row.id)
}
