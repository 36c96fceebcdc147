import type { WorkerConfig } from '@gwm/config'
import type { EntityManager, StoredDeliveries } from '@gwm/domain'
import { type ActivityMessage, QUEUES } from '@gwm/queue'
import { type Job, UnrecoverableError, Worker } from 'bullmq'
import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import { checkJob } from '../check-job.ts'
import type { Attempt } from '../deliver/attempt.ts'
import { type BackoffSchedule, makeBackoffStrategy } from '../deliver/backoff.ts'
import type { WorkerMetrics } from '../metrics.ts'
import type { DeliveryStore } from '../store/store-deliveries.ts'
import { makeDeadLettering } from './dead-lettering.ts'
import { type EventRetryPlan, eventAttempts, eventRetryDelay, eventRetryPlan } from './event-retries.ts'
import { makeProcessGitHubEvent } from './github-event.ts'
import { makeProcessCallback } from './platform-callback.ts'
import { makeProcessUserProvisioned } from './user-provisioned.ts'

export interface ProcessorDeps {
  em: () => EntityManager
  store: DeliveryStore
  handOff: (stored: StoredDeliveries) => Promise<void>
  attempt: Attempt
  schedule: BackoffSchedule
  enqueueCallback: (id: string) => Promise<void>
  publish: (message: ActivityMessage) => void
  leaseMs: number
  requeue: (ids: string[]) => Promise<void>
  metrics: WorkerMetrics
  log: FastifyBaseLogger
}

/**
 * The `events` queue carries two job names; each has its own processor, after its data is
 * checked. A delivery that fails for good becomes a dead letter.
 */
function processEvents(deps: ProcessorDeps, plan: EventRetryPlan) {
  const githubEvent = makeProcessGitHubEvent(deps.store, deps.handOff)
  const userProvisioned = makeProcessUserProvisioned(deps)
  const deadLettering = makeDeadLettering({ em: deps.em, attempts: eventAttempts(plan), waitMs: plan.maxMs, metrics: deps.metrics, log: deps.log })
  return async (job: Job, token?: string) => {
    if (job.name === 'github-event') return deadLettering(job, token, () => githubEvent(job, checkJob('github-event', job.data)))
    if (job.name === 'user-provisioned') return userProvisioned(checkJob('user-provisioned', job.data))
    throw new UnrecoverableError(`unknown job name "${job.name}" on the events queue`)
  }
}

function createWorkers(config: WorkerConfig, redis: Redis, deps: ProcessorDeps): Worker[] {
  // Both processors are safe to re-run (events are unique per delivery, callbacks carry a
  // stable webhook-id), so a job whose worker died is always handed on: BullMQ's default
  // (fail after one stall) would drop an acknowledged delivery when a worker crashes twice.
  const plan = eventRetryPlan(config)
  const common = {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    maxStalledCount: 1_000,
    lockDuration: config.WORKER_LOCK_DURATION_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
  }
  const workers = [
    new Worker(QUEUES.events, processEvents(deps, plan), {
      ...common,
      concurrency: config.EVENTS_CONCURRENCY,
      // Backoff type "events" (the catalog's): capped, so no wait grows past EVENTS_BACKOFF_MAX_MS.
      settings: { backoffStrategy: (attemptsMade: number) => eventRetryDelay(attemptsMade, plan) },
    }),
    new Worker(QUEUES.callbacks, makeProcessCallback({ ...deps, maxAttempts: config.CALLBACK_ATTEMPTS }), {
      ...common,
      concurrency: config.CALLBACKS_CONCURRENCY,
      settings: { backoffStrategy: makeBackoffStrategy(deps.schedule) },
    }),
  ]
  for (const worker of workers) {
    worker.on('error', (err) => deps.log.error({ err, queue: worker.name }, 'queue worker error'))
    worker.on('failed', (job: Job | undefined, err: Error) => {
      deps.metrics.jobFailures.inc({ queue: worker.name })
      // Callback failures are logged by the attempt.
      if (worker.name === QUEUES.events) deps.log.warn({ err, jobId: job?.id, deliveryId: job?.data?.deliveryId, attemptsMade: job?.attemptsMade }, 'event job failed')
    })
  }
  return workers
}

/**
 * The two BullMQ consumers: `events` (store) and `callbacks` (deliver), sharing one
 * connection. They start once Redis is first reachable: a BullMQ worker that never
 * connected cannot be closed cleanly, and it would have nothing to do anyway.
 */
export function startProcessors(config: WorkerConfig, redis: Redis, deps: ProcessorDeps) {
  let workers: Worker[] = []
  const start = () => {
    workers = createWorkers(config, redis, deps)
  }
  if (redis.status === 'ready') start()
  else redis.once('ready', start)
  return {
    /** Stops taking jobs and waits for the in-flight ones (BullMQ's graceful close). */
    async close() {
      redis.off('ready', start)
      await Promise.all(workers.map((worker) => worker.close()))
    },
  }
}
