import Type, { type Static } from 'typebox'
import type { DefaultJobOptions } from 'bullmq'

/** Queue names. The BullMQ prefix (QUEUE_PREFIX) is applied separately, never ioredis keyPrefix. */
export const QUEUES = {
  events: 'events',
  callbacks: 'callbacks',
  /** Writes to GitHub made for deployments (Deployments, their statuses, preview comments): a GitHub outage delays these, never a callback. */
  githubWrites: 'github-writes',
  /** Scheduled reconciliation (BullMQ job schedulers): one run at a time across all workers. */
  reconcile: 'reconcile',
} as const
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]

/** One GitHub delivery, as the ingest accepted it. The hook secret is never part of it. */
export const GitHubEventJob = Type.Object({
  deliveryId: Type.String({ minLength: 1 }),
  event: Type.String({ minLength: 1 }),
  action: Type.Optional(Type.String()),
  hookId: Type.Optional(Type.String()),
  targetType: Type.Optional(Type.String()),
  targetId: Type.Optional(Type.String()),
  receivedAt: Type.String(),
  /** The JSON body exactly as GitHub sent it (form deliveries: the decoded payload field). */
  payload: Type.String(),
  /** The payload's fields the worker reads (payload-view.ts), from the ingest that parsed it. */
  view: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  /** Set by the worker when the job first fails (ISO time): its dead letter says since when it failed. */
  firstFailedAt: Type.Optional(Type.String()),
  /** The delivery's trace (W3C traceparent), when the ingest traces: the worker's spans continue it. */
  traceparent: Type.Optional(Type.String()),
})
export type GitHubEventJob = Static<typeof GitHubEventJob>

/** One platform callback for a persisted deployment request or account message. */
export const PlatformCallbackJob = Type.Object({
  requestId: Type.String({ minLength: 1 }),
  /** Attempts made before this job existed (the worker's first attempt, made as the event was stored): the backoff schedule continues from there. */
  priorAttempts: Type.Optional(Type.Integer({ minimum: 0 })),
})
export type PlatformCallbackJob = Static<typeof PlatformCallbackJob>

/** A user seen for the first time: the worker turns it into a `user.provisioned` callback. */
export const UserProvisionedJob = Type.Object({
  userId: Type.String({ minLength: 1 }),
  githubId: Type.Number(),
  login: Type.String(),
})
export type UserProvisionedJob = Static<typeof UserProvisionedJob>

/** Mirror a deployment request on GitHub: create its Deployment, or for a teardown mark the environment's deployments inactive. */
export const GitHubDeploymentJob = Type.Object({
  requestId: Type.String({ minLength: 1 }),
  /** The trace of the delivery that made the request (W3C traceparent), when it was traced: the write joins it. */
  traceparent: Type.Optional(Type.String()),
})
export type GitHubDeploymentJob = Static<typeof GitHubDeploymentJob>

/** Mirror one platform status (deployment_statuses row) as a GitHub deployment status, and the preview comment when it is the first success. */
export const GitHubDeploymentStatusJob = Type.Object({
  requestId: Type.String({ minLength: 1 }),
  statusId: Type.String({ minLength: 1 }),
  /** The trace of the platform's report (W3C traceparent), when the gateway traced it: the write joins it. */
  traceparent: Type.Optional(Type.String()),
})
export type GitHubDeploymentStatusJob = Static<typeof GitHubDeploymentStatusJob>

/** A scheduled reconciliation run; the scheduler's data is empty, a manual run may narrow it to one repository. */
export const ReconcileJob = Type.Object({
  repositoryId: Type.Optional(Type.String()),
})
export type ReconcileJob = Static<typeof ReconcileJob>

const DAY_MS = 86_400_000
// The events queue's retries: waits min(EVENTS_BACKOFF_BASE_MS * 2^(n-1), EVENTS_BACKOFF_MAX_MS),
// computed by the worker (custom strategy). A github-event's attempts here are only a ceiling: the
// worker gives up once EVENTS_RETRY_BUDGET_MS is spent (its number of attempts follows from it)
// and keeps the delivery as a dead letter in Postgres.
const EVENTS_BACKOFF = { type: 'events' } as const
const EVENT_ATTEMPTS_CEILING = 100_000
const GITHUB_WRITE_OPTIONS = {
  // GitHub writes wait out outages and rate limits for about a day: 10 s doubling, capped by BullMQ's exponential backoff.
  attempts: 15,
  backoff: { type: 'exponential', delay: 10_000 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
} as const satisfies DefaultJobOptions
const RECONCILE_OPTIONS = {
  attempts: 1,
  removeOnComplete: { count: 100 },
  removeOnFail: { count: 100 },
} as const satisfies DefaultJobOptions

/**
 * Each job name carries its queue, its payload schema and its retry options, so producers
 * and processors are typed from one place.
 */
export const JOBS = {
  'github-event': {
    queue: QUEUES.events,
    schema: GitHubEventJob,
    options: {
      attempts: EVENT_ATTEMPTS_CEILING,
      backoff: EVENTS_BACKOFF,
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  },
  'platform-callback': {
    queue: QUEUES.callbacks,
    schema: PlatformCallbackJob,
    options: {
      // Backoff with jitter over about a day is computed by the worker (custom strategy):
      // retry n waits min(30 s * 2^(n-1), 2 h) +-20 %, or the platform's Retry-After;
      // 20 attempts = 30 s, 1, 2, 4, 8, 16, 32, 64 min, then 2 h x 11: about 24 h in all.
      attempts: 20,
      backoff: { type: 'callback' },
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  },
  'user-provisioned': {
    queue: QUEUES.events,
    schema: UserProvisionedJob,
    options: {
      attempts: 50,
      backoff: EVENTS_BACKOFF,
      removeOnComplete: { age: 3_600, count: 10_000 },
      removeOnFail: { age: DAY_MS / 1000 },
    },
  },
  'github-deployment': { queue: QUEUES.githubWrites, schema: GitHubDeploymentJob, options: GITHUB_WRITE_OPTIONS },
  'github-deployment-status': { queue: QUEUES.githubWrites, schema: GitHubDeploymentStatusJob, options: GITHUB_WRITE_OPTIONS },
  'reconcile-deliveries': { queue: QUEUES.reconcile, schema: ReconcileJob, options: RECONCILE_OPTIONS },
  'reconcile-pushes': { queue: QUEUES.reconcile, schema: ReconcileJob, options: RECONCILE_OPTIONS },
  'reconcile-hooks': { queue: QUEUES.reconcile, schema: ReconcileJob, options: RECONCILE_OPTIONS },
  'rebuild-secret-registry': { queue: QUEUES.reconcile, schema: ReconcileJob, options: RECONCILE_OPTIONS },
  'prune-events': { queue: QUEUES.reconcile, schema: ReconcileJob, options: RECONCILE_OPTIONS },
  'maintain-partitions': { queue: QUEUES.reconcile, schema: ReconcileJob, options: RECONCILE_OPTIONS },
} as const satisfies Record<string, { queue: QueueName; schema: unknown; options: DefaultJobOptions }>

export type JobName = keyof typeof JOBS
export type JobData<N extends JobName> = Static<(typeof JOBS)[N]['schema']>

/** BullMQ job ids must not contain ':'; GitHub's ids never do, but keep it explicit. */
export function jobId(...parts: Array<string | number | undefined>): string {
  return parts.map((part) => String(part ?? '-').replaceAll(':', '_')).join('-')
}
