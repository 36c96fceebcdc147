import type { EntityManager } from '@gwm/domain'
import { createDeployment, type GitHubClient, listDeployments } from '@gwm/github'
import { type MirrorRequest, repoRef } from './mirror-request.ts'
import type { TrackWrite } from './track-write.ts'

/** What a branch or tag ref is called in GitHub's `ref` parameter; other refs stay whole. */
const shortRef = (ref: string) => ref.replace(/^refs\/(heads|tags)\//, '')

/** Whether a deployment on GitHub was made for this request (its payload names it). */
const madeFor = (payload: unknown, requestId: string): boolean => {
  const parsed = typeof payload === 'string' ? (() => { try { return JSON.parse(payload) as unknown } catch { return null } })() : payload
  return typeof parsed === 'object' && parsed !== null && (parsed as { requestId?: unknown }).requestId === requestId
}

/**
 * The request's GitHub Deployment, created when it has none: for its commit (or its ref when
 * the commit is not known, e.g. a release of a tag), transient for previews, production for
 * production, no auto-merge, no required contexts (the CI gate decided already). Called with
 * the request's mirror lock held, `request` read under it. A worker that died after GitHub
 * created one and before storing its id left it findable by the request id in its payload.
 */
export async function ensureDeployment(tx: EntityManager, github: GitHubClient, request: MirrorRequest, track: TrackWrite): Promise<{ id: number; created: boolean }> {
  if (request.githubDeploymentId !== null) return { id: request.githubDeploymentId, created: false }
  const repo = repoRef(request)
  const made = (await listDeployments(github, repo, { environment: request.environment, ...(request.sha ? { sha: request.sha } : {}) }, 1)).find((deployment) => madeFor(deployment.payload, request.id))
  const id = made?.id ?? (await track('deployment', () =>
    createDeployment(github, repo, {
      ref: request.sha ?? shortRef(request.ref),
      environment: request.environment,
      transient: request.kind === 'preview',
      production: request.kind === 'production',
      ...(request.reason ? { description: request.reason.slice(0, 140) } : {}),
      payload: { requestId: request.id, ...(request.pullRequest === null ? {} : { pullRequest: request.pullRequest }) },
    }))).id
  await tx.execute('update deployment_requests set github_deployment_id = ? where id = ? and github_deployment_id is null', [id, request.id])
  return { id, created: made === undefined }
}
