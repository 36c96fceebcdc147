import type { EntityManager } from '@gwm/domain'
import { createDeploymentStatus, type GitHubClient, latestDeploymentState, listDeployments } from '@gwm/github'
import { type MirrorRequest, repoRef } from './mirror-request.ts'
import type { TrackWrite } from './track-write.ts'

/** Requests of the environment newer than the teardown (a pull request reopened after it was closed). */
async function newerRequests(em: EntityManager, teardown: MirrorRequest): Promise<Set<string>> {
  if (teardown.sequence === null) return new Set()
  const rows = await em.execute<Array<{ id: string }>>('select id from deployment_requests where repository_id = ? and environment = ? and sequence > ?', [teardown.repositoryId, teardown.environment, teardown.sequence])
  return new Set(rows.map((row) => row.id))
}

const requestIdOf = (payload: unknown): unknown => (typeof payload === 'object' && payload !== null ? (payload as { requestId?: unknown }).requestId : undefined)

/**
 * A teardown on GitHub: every deployment of its environment that is not inactive yet gets an
 * `inactive` status (GitHub then shows a transient one as destroyed), except those made for
 * requests newer than the teardown. Safe to run again: what is inactive already is skipped.
 */
export async function markEnvironmentInactive(em: EntityManager, github: GitHubClient, teardown: MirrorRequest, track: TrackWrite): Promise<number> {
  const repo = repoRef(teardown)
  const newer = await newerRequests(em, teardown)
  let marked = 0
  for (const deployment of await listDeployments(github, repo, { environment: teardown.environment })) {
    const requestId = requestIdOf(deployment.payload)
    if (typeof requestId === 'string' && newer.has(requestId)) continue
    if ((await latestDeploymentState(github, repo, deployment.id)) === 'inactive') continue
    await track('inactive_status', () => createDeploymentStatus(github, repo, deployment.id, { state: 'inactive', description: teardown.reason ?? 'torn down' }))
    marked += 1
  }
  return marked
}
