import type { Queue } from 'bullmq'
import { type JobData, JOBS } from './catalog.ts'

/**
 * Puts a delivery back on the events queue under its original job id (hook id and delivery id),
 * as the ingest's inbox had it queued: the worker stores it like any delivery, and once only
 * (events are unique per hook and delivery id). A finished job with that id (the failed one, or
 * the completed one of an earlier replay) would swallow the add and is removed first; a job
 * still on its way is left alone.
 */
export async function requeueEvent(events: Queue, jobId: string, data: JobData<'github-event'>): Promise<void> {
  const job = await events.getJob(jobId)
  const state = job ? await job.getState() : undefined
  if (state === 'completed' || state === 'failed') await job!.remove()
  else if (state && state !== 'unknown') return
  await events.add('github-event', data, { ...JOBS['github-event'].options, jobId })
}
