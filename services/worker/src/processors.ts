import type { WorkerConfig } from '@gwm/config'
import { QUEUES } from '@gwm/queue'
import { type Job, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
import { type BackoffSchedule, makeBackoffStrategy } from './callbacks/backoff.ts'
import type { SendCallback } from './callbacks/post-callback.ts'
import { makeProcessCallback } from './callbacks/process-callback.ts'
import type { WorkerContext } from './context.ts'
import { makeProcessEvents } from './events/process-events.ts'

/** How callbacks go out: the signed POST and the retry schedule, shared with the first attempts. */
export interface CallbackDelivery {
  send: SendCallback
  schedule: BackoffSchedule
}

function createWorkers(config: WorkerConfig, redis: Redis, ctx: WorkerContext, { send, schedule }: CallbackDelivery): Worker[] {
  // Both processors are safe to re-run (events are unique per delivery, callbacks carry a
  // stable webhook-id), so a job whose worker died is always handed on: BullMQ's default
  // (fail after one stall) would drop an acknowledged delivery when a worker crashes twice.
  const common = {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    maxStalledCount: 1_000,
    lockDuration: config.WORKER_LOCK_DURATION_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
  }
  const workers = [
    new Worker(QUEUES.events, makeProcessEvents(ctx), { ...common, concurrency: config.EVENTS_CONCURRENCY }),
    new Worker(QUEUES.callbacks, makeProcessCallback(ctx, send, schedule), {
      ...common,
      concurrency: config.CALLBACKS_CONCURRENCY,
      settings: { backoffStrategy: makeBackoffStrategy(schedule) },
    }),
  ]
  for (const worker of workers) {
    worker.on('error', (err) => ctx.log.error({ err, queue: worker.name }, 'queue worker error'))
    worker.on('failed', (job: Job | undefined, err: Error) => {
      ctx.metrics.jobFailures.inc({ queue: worker.name })
      // Callback failures are logged by their processor, with the attempt.
      if (worker.name === QUEUES.events) ctx.log.warn({ err, jobId: job?.id, deliveryId: job?.data?.deliveryId, attemptsMade: job?.attemptsMade }, 'event job failed')
    })
  }
  return workers
}

/**
 * The two BullMQ consumers: `events` (persist) and `callbacks` (deliver), sharing one
 * connection. They start once Redis is first reachable: a BullMQ worker that never
 * connected cannot be closed cleanly, and it would have nothing to do anyway.
 */
export function startProcessors(config: WorkerConfig, redis: Redis, ctx: WorkerContext, delivery: CallbackDelivery) {
  let workers: Worker[] = []
  const start = () => {
    workers = createWorkers(config, redis, ctx, delivery)
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
