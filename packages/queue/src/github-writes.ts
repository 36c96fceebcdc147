import type { Queue } from 'bullmq'
import { JOBS } from './catalog.ts'

/**
 * Queues the GitHub mirror (`github-deployment`, job id = request id) of new deployment
 * requests made through a GitHub App installation, in one round trip. Requests without an
 * installation (OAuth App mode) have no credential to write with: nothing is queued, and with
 * none among them Redis is not asked at all. A request's traceparent (its delivery's trace) goes
 * with its job.
 */
export async function enqueueDeploymentMirrors(queue: Queue, requests: ReadonlyArray<{ id: string; installationId: number | null; traceparent?: string | null }>): Promise<void> {
  const mirrored = requests.filter((request) => request.installationId !== null)
  if (mirrored.length === 0) return
  const { options } = JOBS['github-deployment']
  const data = ({ id, traceparent }: (typeof mirrored)[number]) => (traceparent ? { requestId: id, traceparent } : { requestId: id })
  await queue.addBulk(mirrored.map((request) => ({ name: 'github-deployment', data: data(request), opts: { ...options, jobId: request.id } })))
}
