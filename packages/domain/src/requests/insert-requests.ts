import { randomUUID } from 'node:crypto'
import type { EntityManager } from '@mikro-orm/postgresql'
import { DeploymentRequest } from '../entities/deployment-request.ts'
import type { DerivedRequest } from '../rules/types.ts'

/**
 * Stores what the rules derived for one event, skipping any (kind, environment) the event
 * already has, and returns the ids of the rows it created. Used by the worker when an
 * event arrives and by a replay (which then creates nothing twice).
 */
export async function insertRequests(em: EntityManager, eventId: string, repositoryId: string, derived: readonly DerivedRequest[]): Promise<string[]> {
  if (derived.length === 0) return []
  const now = new Date()
  const rows = derived.map((request) => ({
    id: randomUUID(),
    event: eventId,
    repository: repositoryId,
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
