import { type Job, UnrecoverableError } from 'bullmq'
import { checkJob } from '../check-job.ts'
import type { WorkerContext } from '../context.ts'
import { makeProcessGitHubEvent } from './process-github-event.ts'
import { makeProcessUserProvisioned } from './process-user-provisioned.ts'

/** The `events` queue carries two job names; each has its own processor, after its data is checked. */
export function makeProcessEvents(ctx: WorkerContext) {
  const githubEvent = makeProcessGitHubEvent(ctx)
  const userProvisioned = makeProcessUserProvisioned(ctx)
  return async (job: Job) => {
    if (job.name === 'github-event') return githubEvent(job, checkJob('github-event', job.data))
    if (job.name === 'user-provisioned') return userProvisioned(checkJob('user-provisioned', job.data))
    throw new UnrecoverableError(`unknown job name "${job.name}" on the events queue`)
  }
}
