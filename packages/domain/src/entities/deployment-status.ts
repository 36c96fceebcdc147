import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { DeploymentRequest } from './deployment-request.ts'

/** What the platform may report of a deployment request (POST /api/deployments/{id}/statuses). */
export const PLATFORM_STATES = ['queued', 'in_progress', 'success', 'failure', 'error', 'inactive'] as const
export type PlatformState = (typeof PLATFORM_STATES)[number]

/**
 * One status the platform reported, kept as history. The same status twice is one row
 * (fingerprint: state and fields); whether it changed the request's current state is decided
 * by the order of states, not by arrival (a late in_progress after success stays history).
 */
export const DeploymentStatus = defineEntity({
  name: 'DeploymentStatus',
  tableName: 'deployment_statuses',
  uniques: [{ name: 'deployment_statuses_fingerprint_unique', properties: ['request', 'fingerprint', 'receivedAt'] }],
  indexes: [{ properties: ['request', 'createdAt'] }],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    request: () => p.manyToOne(DeploymentRequest).deleteRule('cascade'),
    state: p.enum(PLATFORM_STATES),
    environmentUrl: p.text().nullable(),
    logUrl: p.text().nullable(),
    description: p.text().nullable(),
    /** SHA-256 of the state and fields, so a repeated POST is recognised. */
    fingerprint: p.string(),
    /** Whether it became the request's current state when it arrived. */
    applied: p.boolean().default(false),
    /** The GitHub deployment status it was mirrored as (null until mirrored, or in OAuth mode). */
    githubStatusId: p.bigint('number').nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** The partition key: its request's receivedAt. */
    receivedAt: p.datetime().onCreate((status) => status.request.receivedAt),
  },
})
export type IDeploymentStatus = InferEntity<typeof DeploymentStatus>
