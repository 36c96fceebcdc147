import type { IDeploymentRequest, IDeploymentStatus } from '@gwm/domain'
import { currentTraceparent, HttpError } from '@gwm/runtime'
import type { GatewayQueues } from '../queues/gateway-queues.ts'

export type GitHubMirror = 'queued' | 'done' | 'off'

const ENQUEUE_DEADLINE_MS = 3_000

/**
 * Asks the worker to show a status on GitHub as a deployment status: only for a request made in
 * GitHub App mode (it has an installation; in OAuth App mode no credential outlives the user's
 * session). The job's id is the status's, so asking twice queues it once; a repeat of a status
 * not mirrored yet asks again, which is how a status stored while Redis was away gets mirrored.
 */
export async function queueMirror(
  queues: Pick<GatewayQueues, 'mirrorDeploymentStatus'>,
  request: Pick<IDeploymentRequest, 'id' | 'installationId'>,
  status: Pick<IDeploymentStatus, 'id' | 'githubStatusId'>,
): Promise<GitHubMirror> {
  if (request.installationId === null || request.installationId === undefined) return 'off'
  if (status.githubStatusId !== null && status.githubStatusId !== undefined) return 'done'
  let timer: NodeJS.Timeout | undefined
  // BullMQ waits for a connection that has not been ready yet rather than failing: bound it.
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the queue did not answer within ${ENQUEUE_DEADLINE_MS} ms`)), ENQUEUE_DEADLINE_MS)
  })
  try {
    // Traced, the write joins the trace of the platform's report (which continues the callback's, if the platform did).
    const traceparent = currentTraceparent()
    await Promise.race([queues.mirrorDeploymentStatus({ requestId: request.id, statusId: status.id, ...(traceparent ? { traceparent } : {}) }), deadline])
  } catch {
    throw new HttpError(503, 'unavailable', 'the status is stored, but GitHub cannot be asked to show it right now (queue unreachable): send the same status again shortly', { 'retry-after': '5' })
  } finally {
    clearTimeout(timer)
  }
  return 'queued'
}
