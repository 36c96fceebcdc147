import { type EntityManager, nextInLine } from '@gwm/domain'
import type { ActivityMessage } from '@gwm/queue'
import { type Job, UnrecoverableError } from 'bullmq'
import { checkJob } from '../check-job.ts'
import type { Attempt } from '../deliver/attempt.ts'
import { CallbackRetryError } from '../deliver/backoff.ts'
import { claimOutbound } from '../deliver/claim.ts'
import { recordAttempts } from '../deliver/record-attempts.ts'
import { statusMessage } from '../deliver/status-message.ts'

export interface PlatformCallbackDeps {
  em: () => EntityManager
  attempt: Attempt
  publish: (message: ActivityMessage) => void
  /** How long a claimed request is held by its attempt (the dispatcher's lease). */
  leaseMs: number
  /** Sends the requests next in line once this one settled (their jobs may have finished). */
  requeue: (ids: string[]) => Promise<void>
}

/**
 * platform-callback: claim the message, make one attempt, record it. A retry is BullMQ's, after
 * the delay the attempt chose (CallbackRetryError); a final failure is an UnrecoverableError.
 */
export const makeProcessCallback = ({ em: fork, attempt, publish, leaseMs, requeue }: PlatformCallbackDeps) => async (job: Job) => {
  if (job.name !== 'platform-callback') throw new UnrecoverableError(`unknown job name "${job.name}" on the callbacks queue`)
  const { requestId, priorAttempts = 0 } = checkJob('platform-callback', job.data)
  const em = fork()
  const claim = await claimOutbound(em, requestId, leaseMs)
  if (!claim.found) {
    if (claim.status === null) throw new UnrecoverableError(`no deployment request or notice has id ${requestId}`)
    return { skipped: claim.status }
  }
  const { outbound } = claim
  publish(statusMessage(outbound))

  const run = job.attemptsMade + 1
  // The schedule continues after attempts made before this job (the worker's first one).
  const done = await attempt(outbound, { retry: priorAttempts + run, final: run >= (job.opts.attempts ?? 1) })
  const taken = await recordAttempts(em, [done])
  publish(statusMessage(outbound, done.at))
  if (outbound.table === 'request') await requeue(await nextInLine(em, [outbound.row.id]))
  if (!taken.has(outbound.row.id)) return { skipped: 'settled meanwhile' }
  if (done.next.status === 'delivered') return { delivered: true, attempts: outbound.row.attempts }
  if (done.delayMs !== undefined) throw new CallbackRetryError(done.verdict.result === 'delivered' ? '' : done.verdict.reason, done.delayMs)
  throw new UnrecoverableError(done.next.lastError ?? 'callback failed')
}
