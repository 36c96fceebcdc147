import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { DeploymentRequest } from './deployment-request.ts'

/** One POST to the platform: what it answered (or why it did not) and how long it took. */
export const CallbackAttempt = defineEntity({
  name: 'CallbackAttempt',
  tableName: 'callback_attempts',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    request: () => p.manyToOne(DeploymentRequest),
    at: p.datetime().onCreate(() => new Date()),
    statusCode: p.integer().nullable(),
    durationMs: p.integer(),
    error: p.text().nullable(),
  },
})
export type ICallbackAttempt = InferEntity<typeof CallbackAttempt>
