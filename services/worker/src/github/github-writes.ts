import type { WorkerConfig } from '@gwm/config'
import type { EntityManager } from '@gwm/domain'
import { AppCredentialsError, type GitHubApp, GitHubApiError, GitHubUnavailableError, RateLimitedError } from '@gwm/github'
import { QUEUES } from '@gwm/queue'
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { checkJob } from '../check-job.ts'
import type { WorkerMetrics } from '../metrics.ts'
import { makeMirrorDeployment, NotSentYet } from './mirror-deployment.ts'
import { makeMirrorStatus } from './mirror-status.ts'
import { traceWrite } from './trace-write.ts'
import { createTrackWrite } from './track-write.ts'

/** GitHub writes in flight per worker: GitHub asks for writes one at a time per credential (the client spaces them), so a few suffice. */
const CONCURRENCY = 4

export interface GitHubWritesDeps {
  em: () => EntityManager
  app: GitHubApp
  metrics: WorkerMetrics
  log: FastifyBaseLogger
}

/** When to try again after GitHub's rate limit: its reset (primary) or retry-after (secondary), plus a second. */
const rateLimitUntil = (error: RateLimitedError) => (error.resetAt?.getTime() ?? Date.now() + error.retryAfterSeconds * 1000) + 1000

/**
 * A GitHub answer that will not change on a retry: the repository gone or out of the
 * installation (404), a permission the App lacks (403), input GitHub refuses (422), a revoked
 * installation (401). Outages and the App's own credentials (a configuration being fixed) are retried.
 */
const isFinal = (error: unknown) =>
  error instanceof GitHubApiError && !(error instanceof GitHubUnavailableError) && !(error instanceof RateLimitedError) && !(error instanceof AppCredentialsError) && error.code !== 'request_failed'

/**
 * The `github-writes` queue's consumer (App mode): Deployments, their statuses and preview
 * comments, on its own queue and worker, so a GitHub outage delays the mirror and never a
 * callback. Retries follow the catalog (BullMQ's backoff); a rate limit and a request not sent
 * yet wait as a delayed job, without using up an attempt.
 */
export function startGitHubWrites(config: WorkerConfig, redis: Redis, deps: GitHubWritesDeps) {
  const mirror = { em: deps.em, app: deps.app, track: createTrackWrite(deps.metrics) }
  const deployment = makeMirrorDeployment(mirror)
  const status = makeMirrorStatus(mirror)

  const run = (job: Job) => {
    if (job.name === 'github-deployment') return deployment(checkJob('github-deployment', job.data).requestId)
    if (job.name === 'github-deployment-status') {
      const data = checkJob('github-deployment-status', job.data)
      return status(data.requestId, data.statusId)
    }
    throw new UnrecoverableError(`unknown job name "${job.name}" on the ${QUEUES.githubWrites} queue`)
  }

  const processor = async (job: Job, token?: string) => {
    try {
      return await traceWrite(job, async () => run(job))
    } catch (error) {
      const waitUntil = error instanceof NotSentYet ? Date.now() + error.delayMs : error instanceof RateLimitedError ? rateLimitUntil(error) : null
      if (waitUntil !== null && token) {
        if (error instanceof RateLimitedError) deps.log.warn({ jobId: job.id, until: new Date(waitUntil).toISOString() }, 'GitHub rate limit: the mirror waits for its reset')
        await job.moveToDelayed(waitUntil, token)
        throw new DelayedError()
      }
      if (isFinal(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }

  let worker: Worker | undefined
  const start = () => {
    worker = new Worker(QUEUES.githubWrites, processor, {
      connection: redis,
      prefix: config.QUEUE_PREFIX,
      concurrency: CONCURRENCY,
      // Every step is safe to run again (the mirror lock and stored ids), so a job whose worker died is handed on.
      maxStalledCount: 1_000,
      lockDuration: config.WORKER_LOCK_DURATION_MS,
      stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
    })
    worker.on('error', (err) => deps.log.error({ err, queue: QUEUES.githubWrites }, 'queue worker error'))
    worker.on('failed', (job: Job | undefined, err: Error) => {
      deps.metrics.jobFailures.inc({ queue: QUEUES.githubWrites })
      deps.log.warn({ err, jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade }, 'GitHub mirror job failed')
    })
  }
  if (redis.status === 'ready') start()
  else redis.once('ready', start)
  return {
    async close() {
      redis.off('ready', start)
      await worker?.close()
    },
  }
}
