import { randomUUID } from 'node:crypto'
import { defineEntity, type InferEntity, p } from '@mikro-orm/core'
import { Repository } from './repository.ts'
import { WebhookEvent } from './webhook-event.ts'

export const DEPLOYMENT_KINDS = ['production', 'preview', 'teardown'] as const
export type DeploymentKind = (typeof DEPLOYMENT_KINDS)[number]
/**
 * cancelled: not sent, and never will be (lastError says why, e.g. the App no longer covers the
 * repository). waiting_checks: held until the head commit's checks complete (CI gate). blocked:
 * the checks failed or timed out, never sent. superseded: a newer request for the same
 * environment replaced it before it was sent (supersededBy).
 */
export const REQUEST_STATUSES = ['pending', 'delivering', 'delivered', 'failed', 'cancelled', 'waiting_checks', 'blocked', 'superseded'] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

/**
 * What the platform is asked to do; its id is the callback's stable webhook-id.
 * A row in status pending is also the outbox entry: the sweeper re-enqueues it when its
 * job went missing (a crash between commit and enqueue).
 */
export const DeploymentRequest = defineEntity({
  name: 'DeploymentRequest',
  tableName: 'deployment_requests',
  // One request per (event, kind, environment): re-running the rules (replay) adds nothing twice.
  // With receivedAt, the partition key (an event's requests all carry its receipt time).
  uniques: [{ name: 'deployment_requests_event_unique', properties: ['event', 'kind', 'environment', 'receivedAt'] }],
  // status + next attempt: the sweeper; repository + environment: coalescing (one in flight per environment
  // by status, the environment's last request by sequence, one received after another by receivedAt).
  indexes: [
    { properties: ['status', 'nextAttemptAt'] },
    { properties: ['repository', 'environment', 'status'] },
    { properties: ['repository', 'environment', 'sequence'] },
    { properties: ['repository', 'environment', 'receivedAt'] },
    // The events API's status=failed: the few failed or blocked requests, newest first (Migration20261207060000).
    { name: 'deployment_requests_failed_received_at_index', expression: `create index "deployment_requests_failed_received_at_index" on "deployment_requests" ("received_at", "event_id") where "status" in ('failed', 'blocked')` },
  ],
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    event: () => p.manyToOne(WebhookEvent),
    // No index of its own: the (repository, environment, …) indexes serve lookups by repository.
    repository: () => p.manyToOne(Repository),
    kind: p.enum(DEPLOYMENT_KINDS),
    /** A full git ref: refs/heads/main, refs/tags/v1.2.0, refs/pull/7/head. */
    ref: p.text(),
    sha: p.text().nullable(),
    environment: p.string(),
    pullRequest: p.integer().nullable(),
    /**
     * The repository as it was when the request was made: every attempt under one webhook-id
     * sends the same body, even if the repository is renamed or changes its default branch.
     * Null on requests made before these were kept (their callbacks read the repository row).
     */
    repositoryFullName: p.text().nullable(),
    repositoryDefaultBranch: p.text().nullable(),
    repositoryPrivate: p.boolean().nullable(),
    /** The clone URL and, in App mode, the installation the platform asks for a token (null on older requests). */
    repositoryCloneUrl: p.text().nullable(),
    installationId: p.bigint('number').nullable(),
    /**
     * What the callback says of the change, as GitHub described it when the request was made:
     * { commit, compareUrl, htmlUrl, pullRequest } (see callbacks/schema.ts). Null on older requests.
     */
    details: p.json<Record<string, unknown>>().nullable(),
    /** Increasing per (repository, environment): a platform refuses anything older than what it has. */
    sequence: p.integer().nullable(),
    /** The rule that matched (e.g. "production: push to main"). */
    reason: p.text().nullable(),
    /** The newer request for the same environment that replaced this one before it was sent. */
    supersededBy: p.uuid().nullable(),
    /** CI gate: when waiting for checks gives up (the request is then blocked). */
    checksDeadline: p.datetime().nullable(),
    // Queried with nextAttemptAt (the composite index); its own index only slowed every status change.
    status: p.enum(REQUEST_STATUSES).default('pending'),
    attempts: p.integer().default(0),
    /** When the next delivery attempt is due; the sweeper looks only at rows past it. */
    nextAttemptAt: p.datetime().onCreate(() => new Date()),
    lastError: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** When the ingest received its event (the event's receivedAt): coalescing orders an environment's requests by it; the partition key. */
    receivedAt: p.datetime().onCreate((request) => request.event.receivedAt),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    deliveredAt: p.datetime().nullable(),
    /** The platform's current state of this deployment (its latest status in the order of states), and when it was reported. */
    platformState: p.text().nullable(),
    platformStateAt: p.datetime().nullable(),
    /** The URL the platform reported for the environment (from its statuses). */
    environmentUrl: p.text().nullable(),
    /** The GitHub Deployment that mirrors this request (App mode), once created. */
    githubDeploymentId: p.bigint('number').nullable(),
  },
})
export type IDeploymentRequest = InferEntity<typeof DeploymentRequest>
