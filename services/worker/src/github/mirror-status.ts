import type { EntityManager } from '@gwm/domain'
import { createDeploymentStatus, type DeploymentState } from '@gwm/github'
import { UnrecoverableError } from 'bullmq'
import { ensureDeployment } from './ensure-deployment.ts'
import type { MirrorDeps } from './mirror-deployment.ts'
import { withMirrorLock } from './mirror-lock.ts'
import { readMirrorRequest, repoRef } from './mirror-request.ts'
import { writePreviewComment } from './preview-comment.ts'

interface StatusRow {
  id: string
  request_id: string
  state: DeploymentState
  environment_url: string | null
  log_url: string | null
  description: string | null
  applied: boolean
  github_status_id: string | null
  created_at: Date
}

const readStatus = async (em: EntityManager, id: string) =>
  (await em.execute<StatusRow[]>('select id, request_id, state, environment_url, log_url, description, applied, github_status_id, created_at from deployment_statuses where id = ?', [id]))[0]

/** Whether a status of the request that became current after this one is on GitHub already (this one would set an older state there). */
const newerMirrored = async (em: EntityManager, status: StatusRow) =>
  (await em.execute<Array<{ id: string }>>('select id from deployment_statuses where request_id = ? and applied and github_status_id is not null and created_at > ? limit 1', [status.request_id, status.created_at])).length > 0

/**
 * github-deployment-status: one platform status as a deployment status on GitHub (its
 * Deployment created first if the deployment job has not run yet, never twice), then, for a
 * pull request's successful preview with a URL, the pull request's one preview comment.
 * Only statuses that became the request's current state are mirrored: GitHub shows the latest
 * status posted, and a late in_progress after success must not undo it there.
 */
export const makeMirrorStatus = ({ em: fork, app, track }: MirrorDeps) => async (requestId: string, statusId: string) => {
  const em = fork()
  const status = await readStatus(em, statusId)
  if (!status || status.request_id !== requestId) throw new UnrecoverableError(`no deployment status ${statusId} of request ${requestId}`)
  const request = await readMirrorRequest(em, requestId)
  if (!request) throw new UnrecoverableError(`no deployment request has id ${requestId}`)
  if (request.installationId === null) return { skipped: 'no installation (OAuth App mode)' }
  if (request.kind === 'teardown') return { skipped: 'a teardown has no Deployment of its own' }
  if (!status.applied) return { skipped: 'kept as history: it did not become the current state' }
  const github = app.installation(request.installationId)
  const repo = repoRef(request)

  const posted = await withMirrorLock(em, `request:${request.id}`, async (tx) => {
    const fresh = await readStatus(tx, statusId)
    if (!fresh) return { skipped: 'status removed' }
    if (fresh.github_status_id !== null) return { githubStatusId: Number(fresh.github_status_id) }
    if (await newerMirrored(tx, fresh)) return { skipped: 'a newer status is on GitHub already' }
    const deployment = await ensureDeployment(tx, github, (await readMirrorRequest(tx, request.id)) ?? request, track)
    const created = await track('deployment_status', () =>
      createDeploymentStatus(github, repo, deployment.id, { state: fresh.state, environmentUrl: fresh.environment_url, logUrl: fresh.log_url, description: fresh.description }))
    await tx.execute('update deployment_statuses set github_status_id = ? where id = ?', [created.id, fresh.id])
    return { githubStatusId: created.id }
  })
  if ('skipped' in posted) return posted
  if (request.kind !== 'preview' || status.state !== 'success' || !status.environment_url || request.pullRequest === null) return posted
  const comment = await writePreviewComment(em, github, { ...request, pullRequest: request.pullRequest }, status.environment_url, track)
  return { ...posted, comment }
}
