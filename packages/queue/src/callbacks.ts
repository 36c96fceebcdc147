import type { Queue } from 'bullmq'
import { JOBS } from './catalog.ts'

/**
 * Enqueues the platform callback of one deployment request or notice. The job id is the
 * message id, so adding it again while its job exists (waiting, delayed, active) is a no-op:
 * the events processor, the sweeper and a replay can all call this safely.
 */
export async function enqueueCallback(queue: Queue, messageId: string, attempts?: number): Promise<void> {
  await enqueueCallbacks(queue, [messageId], attempts)
}

/** Many callbacks in one round trip (job id = message id, so each is a no-op while its job exists). */
export async function enqueueCallbacks(queue: Queue, messageIds: string[], attempts?: number): Promise<void> {
  if (messageIds.length === 0) return
  const { options } = JOBS['platform-callback']
  await queue.addBulk(messageIds.map((id) => ({ name: 'platform-callback', data: { requestId: id }, opts: { ...options, ...(attempts ? { attempts } : {}), jobId: id } })))
}

/**
 * The retries of callbacks whose first attempt the worker already made: each waits out its
 * delay, and has the attempts that are left (the first one counts).
 */
export async function enqueueCallbackRetries(queue: Queue, retries: Array<{ id: string; delayMs: number }>, attempts: number): Promise<void> {
  if (retries.length === 0) return
  const { options } = JOBS['platform-callback']
  await queue.addBulk(
    retries.map(({ id, delayMs }) => ({
      name: 'platform-callback',
      data: { requestId: id, priorAttempts: 1 },
      opts: { ...options, attempts: Math.max(1, attempts - 1), delay: delayMs, jobId: id },
    })),
  )
}

/**
 * For a replay: a finished job with that id (completed or failed, kept for a while) would
 * swallow the new add, so it is removed first; a job waiting out a retry delay runs now;
 * a job waiting or running is left alone.
 */
export async function requeueCallback(queue: Queue, messageId: string, attempts?: number): Promise<void> {
  const job = await queue.getJob(messageId)
  const state = job ? await job.getState() : undefined
  if (state === 'delayed') return job!.promote()
  if (state === 'completed' || state === 'failed') await job!.remove()
  await enqueueCallback(queue, messageId, attempts)
}
