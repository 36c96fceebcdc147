import { type EntityManager, nextInLine } from '@gwm/domain'
import type { ActivityMessage } from '@gwm/queue'
import { type Job, UnrecoverableError } from 'bullmq'
import { checkJob } from '../check-job.ts'
import type { Attempt } from '../deliver/attempt.ts'
import { CallbackRetryError } from '../deliver/backoff.ts'
import { claimOutbound } from '../deliver/claim.ts'
import { queueOf } from '../deliver/message.ts'
import { giveUp } from '../deliver/give-up.ts'
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
  /** CALLBACK_ATTEMPTS: how many attempts a message gets in all, counted on its row. */
  maxAttempts: number
}

/**
 * platform-callback: claim the message, make one attempt, record it. A retry is BullMQ's, after
 * the delay the attempt chose (CallbackRetryError); a final failure is an UnrecoverableError.
 * Which attempt is the last is the row's to say (its attempts column), never the job's: a job
 * the sweeper made for a message whose job had run out starts with all of BullMQ's attempts.
 */
export const makeProcessCallback = ({ em: fork, attempt, publish, leaseMs, requeue, maxAttempts }: PlatformCallbackDeps) => async (job: Job) => {
  if (job.name !== 'platform-callback') throw new UnrecoverableError(`unknown job name "${job.name}" on the callbacks queue`)
  const { requestId } = checkJob('platform-callback', job.data)
  const em = fork()
  const claim = await claimOutbound(em, requestId, leaseMs)
  if (!claim.found) {
    if (claim.status === null) throw new UnrecoverableError(`no deployment request or notice has id ${requestId}`)
    return { skipped: claim.status }
  }
  const { outbound } = claim
  if (outbound.row.attempts >= maxAttempts) {
    const settled = await giveUp(em, outbound)
    publish(statusMessage(outbound))
    await requeue(await nextInLine(em, queueOf(outbound)))
    if (!settled) return { skipped: 'settled meanwhile' }
    throw new UnrecoverableError(outbound.row.lastError ?? 'callback failed')
  }
  publish(statusMessage(outbound))

  // The schedule continues from the attempts the row has (the worker's first one, earlier jobs').
  const number = outbound.row.attempts + 1
  const done = await attempt(outbound, { retry: number, final: number >= maxAttempts })
  const taken = await recordAttempts(em, [done])
  publish(statusMessage(outbound, done.at))
  await requeue(await nextInLine(em, queueOf(outbound)))
  if (!taken.has(outbound.row.id)) return { skipped: 'settled meanwhile' }
  if (done.next.status === 'delivered') return { delivered: true, attempts: outbound.row.attempts }
  if (done.delayMs !== undefined) throw new CallbackRetryError(done.verdict.result === 'delivered' ? '' : done.verdict.reason, done.delayMs)
  throw new UnrecoverableError(done.next.lastError ?? 'callback failed')
}
