import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { DeploymentRequest } from './deployment-request.ts'
import { PlatformNotice } from './platform-notice.ts'

/**
 * One POST to the platform: what it answered (or why it did not) and how long it took.
 * It belongs to a DeploymentRequest or, for account messages, to a PlatformNotice.
 */
export const CallbackAttempt = defineEntity({
  name: 'CallbackAttempt',
  tableName: 'callback_attempts',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    request: () => p.manyToOne(DeploymentRequest).nullable().index().deleteRule('cascade'),
    notice: () => p.manyToOne(PlatformNotice).nullable().index().deleteRule('cascade'),
    /** 1 for the first POST of this message, 2 for the first retry, … */
    attempt: p.integer().default(1),
    at: p.datetime().onCreate(() => new Date()),
    statusCode: p.integer().nullable(),
    durationMs: p.integer(),
    error: p.text().nullable(),
    /** When the worker will try again (null: delivered, or no retry left). */
    retryAt: p.datetime().nullable(),
    /** The partition key: its request's receivedAt (a notice's attempt: its own time). */
    receivedAt: p.datetime().onCreate((attempt) => attempt.request?.receivedAt ?? attempt.at),
  },
})
export type ICallbackAttempt = InferEntity<typeof CallbackAttempt>
