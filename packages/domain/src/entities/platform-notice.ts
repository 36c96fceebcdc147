import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { REQUEST_STATUSES } from './deployment-request.ts'
import { User } from './user.ts'

export const NOTICE_TYPES = ['user.provisioned'] as const
export type NoticeType = (typeof NOTICE_TYPES)[number]

/**
 * A platform message that is not about a deployment (an account being provisioned).
 * Delivered exactly like a DeploymentRequest: its id is the stable webhook-id, its
 * status and attempts follow the same rules, and it is its own outbox entry.
 */
export const PlatformNotice = defineEntity({
  name: 'PlatformNotice',
  tableName: 'platform_notices',
  // One notice of each type per user: a re-run job finds the row it already wrote.
  uniques: [{ properties: ['type', 'user'] }],
  indexes: [{ properties: ['status', 'nextAttemptAt'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    type: p.enum(NOTICE_TYPES),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    data: p.json<Record<string, unknown>>(),
    status: p.enum(REQUEST_STATUSES).default('pending'),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime().onCreate(() => new Date()),
    lastError: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    deliveredAt: p.datetime().nullable(),
  },
})
export type IPlatformNotice = InferEntity<typeof PlatformNotice>
