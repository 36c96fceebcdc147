import type { GitHubEventJob, UserProvisionedJob } from '@gwm/queue'
import { type Job, UnrecoverableError } from 'bullmq'
import type { WorkerContext } from '../context.ts'
import { makeProcessGitHubEvent } from './process-github-event.ts'
import { makeProcessUserProvisioned } from './process-user-provisioned.ts'

/** The `events` queue carries two job names; each has its own processor. */
export function makeProcessEvents(ctx: WorkerContext) {
  const githubEvent = makeProcessGitHubEvent(ctx)
  const userProvisioned = makeProcessUserProvisioned(ctx)
  return async (job: Job) => {
    if (job.name === 'github-event') return githubEvent(job as Job<GitHubEventJob>)
    if (job.name === 'user-provisioned') return userProvisioned(job as Job<UserProvisionedJob>)
    throw new UnrecoverableError(`unknown job name "${job.name}" on the events queue`)
  }
}
