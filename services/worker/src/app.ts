import type { WorkerConfig } from '@gwm/config'
import { type MikroORM, pingPostgres } from '@gwm/domain'
import { createQueue, enqueueCallback, pingRedis, publishActivities, publishActivity, QUEUES } from '@gwm/queue'
import { errorsPlugin, healthPlugin, loggerOptions, metricsPlugin } from '@gwm/runtime'
import Fastify, { type FastifyServerOptions } from 'fastify'
import type { Redis } from 'ioredis'
import { createFirstAttempts } from './callbacks/first-attempts.ts'
import { createCallbackSender } from './callbacks/post-callback.ts'
import type { WorkerContext, WorkerHooks } from './context.ts'
import { createWorkerMetrics } from './metrics.ts'
import { startSweeper } from './outbox/sweeper.ts'
import { startProcessors } from './processors.ts'
import { startInboxRelay } from './relay/inbox-relay.ts'
import { relayMetrics } from './relay/relay-metrics.ts'
import { createBatchStore } from './relay/store-batch.ts'

export interface WorkerDeps {
  orm: MikroORM
  /** Blocking-consumer connection (maxRetriesPerRequest: null). */
  redis: Redis
  hooks?: WorkerHooks
}

/** The worker's processes plus the small HTTP server that exposes its health and metrics. */
export async function buildWorker(config: WorkerConfig, deps: WorkerDeps, opts: FastifyServerOptions = {}) {
  let draining = false
  const http = Fastify({ logger: loggerOptions('worker', config.LOG_LEVEL), ...opts })
  await http.register(errorsPlugin)
  await http.register(metricsPlugin, { service: 'worker' })
  await http.register(healthPlugin, {
    checks: { redis: () => pingRedis(deps.redis), postgres: () => pingPostgres(deps.orm) },
    isDraining: () => draining,
  })

  // The live feed's own connection: BullMQ defines its scripts on deps.redis, and every pipeline
  // made on a connection copies all of them (tens of closures per batch published).
  const publisher = deps.redis.duplicate()
  publisher.on('error', () => {})
  const callbacks = createQueue(QUEUES.callbacks, deps.redis, config.QUEUE_PREFIX)
  const events = createQueue(QUEUES.events, deps.redis, config.QUEUE_PREFIX)
  const ctx: WorkerContext = {
    orm: deps.orm,
    log: http.log,
    metrics: createWorkerMetrics(http.metrics, [events, callbacks]),
    enqueueCallback: (id) => enqueueCallback(callbacks, id, config.CALLBACK_ATTEMPTS),
    publish: (message) => publishActivity(publisher, config.QUEUE_PREFIX, message),
    hooks: deps.hooks ?? {},
  }
  const publishMany = (messages: Parameters<typeof publishActivities>[2]) => publishActivities(publisher, config.QUEUE_PREFIX, messages)
  const delivery = {
    send: createCallbackSender({ url: config.DEPLOY_PLATFORM_URL, secret: config.DEPLOY_PLATFORM_SECRET, timeoutMs: config.CALLBACK_TIMEOUT_MS }),
    schedule: { baseMs: config.CALLBACK_BACKOFF_BASE_MS, maxMs: config.CALLBACK_BACKOFF_MAX_MS },
  }
  const firstAttempts = createFirstAttempts({
    ...delivery,
    orm: deps.orm,
    callbacks,
    maxAttempts: config.CALLBACK_ATTEMPTS,
    limit: config.CALLBACKS_CONCURRENCY,
    timeoutMs: config.CALLBACK_TIMEOUT_MS,
    metrics: ctx.metrics,
    log: http.log,
    publish: publishMany,
  })
  const store = createBatchStore({ ctx, firstAttempts, callbacks, callbackAttempts: config.CALLBACK_ATTEMPTS, publishMany })
  const metrics = relayMetrics(http.metrics, deps.redis, config.QUEUE_PREFIX)
  // Two readers: one batch is read and prepared while the other is being written.
  const relays = [0, 1].map(() => startInboxRelay({ redis: deps.redis, queue: events, store, prefix: config.QUEUE_PREFIX, log: http.log, reclaimIdleMs: config.WORKER_INBOX_RECLAIM_MS, ...metrics }))
  const processors = startProcessors(config, deps.redis, ctx, delivery)
  const sweeper = startSweeper({ ...ctx, queue: callbacks, intervalMs: config.SWEEP_INTERVAL_MS })

  return {
    http,
    queues: { events, callbacks },
    sweeper,
    /** Stops taking jobs, lets in-flight ones finish, then closes the queues and the HTTP server. */
    async close() {
      draining = true
      // All three stop taking work at once; the relay may finish its batch into the still-open queue.
      const relayStopped = Promise.all(relays.map((relay) => relay.stop()))
      await sweeper.stop()
      await processors.close()
      await relayStopped
      // First callback attempts in flight finish (each within CALLBACK_TIMEOUT_MS) and are stored.
      await firstAttempts.drain()
      await Promise.all([events.close(), callbacks.close()])
      publisher.disconnect()
      await http.close()
    },
  }
}
