import type { EntityManager } from '@gwm/domain'
import type { GitHubApp } from '@gwm/github'
import { UnrecoverableError } from 'bullmq'
import { ensureDeployment } from './ensure-deployment.ts'
import { withMirrorLock } from './mirror-lock.ts'
import { type MirrorRequest, readMirrorRequest, sendState } from './mirror-request.ts'
import { markEnvironmentInactive } from './teardown.ts'
import type { TrackWrite } from './track-write.ts'

const MIN_WAIT_MS = 1_000
const MAX_WAIT_MS = 5 * 60_000

/** The request may still be sent: look again after a while (longer the longer it has waited, never past its checks deadline). */
export class NotSentYet extends Error {
  readonly delayMs: number
  constructor(request: MirrorRequest, now = Date.now()) {
    super(`request ${request.id} is ${request.status}, not sent yet`)
    this.name = 'NotSentYet'
    let delay = Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, (now - request.createdAt.getTime()) / 4))
    if (request.checksDeadline) delay = Math.min(delay, Math.max(MIN_WAIT_MS, request.checksDeadline.getTime() - now))
    this.delayMs = Math.round(delay)
  }
}

export interface MirrorDeps {
  em: () => EntityManager
  app: GitHubApp
  track: TrackWrite
}

/**
 * github-deployment: the request's GitHub Deployment, once the request was first attempted (a
 * request never sent gets none); for a teardown, its environment's deployments marked inactive.
 */
export const makeMirrorDeployment = ({ em: fork, app, track }: MirrorDeps) => async (requestId: string) => {
  const em = fork()
  const request = await readMirrorRequest(em, requestId)
  if (!request) throw new UnrecoverableError(`no deployment request has id ${requestId}`)
  if (request.installationId === null) return { skipped: 'no installation (OAuth App mode)' }
  const sent = sendState(request)
  if (sent === 'never') return { skipped: `never sent (${request.status})` }
  if (sent === 'not_yet') throw new NotSentYet(request)
  const github = app.installation(request.installationId)
  if (request.kind === 'teardown') return { inactive: await markEnvironmentInactive(em, github, request, track) }
  if (request.githubDeploymentId !== null) return { deploymentId: request.githubDeploymentId, created: false }
  const made = await withMirrorLock(em, `request:${request.id}`, async (tx) => ensureDeployment(tx, github, (await readMirrorRequest(tx, request.id)) ?? request, track))
  return { deploymentId: made.id, created: made.created }
}
