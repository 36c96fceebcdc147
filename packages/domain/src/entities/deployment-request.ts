import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Repository } from './repository.ts'
import { WebhookEvent } from './webhook-event.ts'

export const DEPLOYMENT_KINDS = ['production', 'preview', 'teardown'] as const
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number]
export const REQUEST_STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

/** What the platform is asked to do; its id is the callback's stable webhook-id. */
export const DeploymentRequest = defineEntity({
  name: 'DeploymentRequest',
  tableName: 'deployment_requests',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    event: () => p.manyToOne(WebhookEvent),
    repository: () => p.manyToOne(Repository),
    kind: p.enum(DEPLOYMENT_KINDS),
    ref: p.string(),
    sha: p.string().nullable(),
    environment: p.string(),
    status: p.enum(REQUEST_STATUSES).default('pending').index(),
    attempts: p.integer().default(0),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    deliveredAt: p.datetime().nullable(),
  },
})
export type IDeploymentRequest = InferEntity<typeof DeploymentRequest>
