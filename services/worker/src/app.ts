import type { WorkerConfig } from '@gwm/config'
import { createRulesCache, installationRecords, type MikroORM, pingPostgres, type StoredDeliveries } from '@gwm/domain'
import { createGitHubApp } from '@gwm/github'
import { type ActivityMessage, createQueue, enqueueCallback, enqueueDeploymentMirrors, type InstallationRecord, pingRedis, publishActivities, publishActivity, publishInstallations, QUEUES, requeueCallback } from '@gwm/queue'
import { errorsPlugin, healthPlugin, loggerOptions, metricsPlugin } from '@gwm/runtime'
import Fastify, { type FastifyServerOptions } from 'fastify'
import type { Redis } from 'ioredis'
import { createAttempt } from './deliver/attempt.ts'
import { createDispatcher } from './deliver/dispatcher.ts'
import { createCallbackSender } from './deliver/post-callback.ts'
import { startGitHubWrites } from './github/github-writes.ts'
import { withTraces } from './github/trace-write.ts'
import { inboxMetrics } from './inbox/inbox-metrics.ts'
import { startInboxRelay } from './inbox/inbox-relay.ts'
import { partitionsAhead } from './partitions/maintain.ts'
import { traceInboxBatch } from './inbox/trace-inbox.ts'
import { startProcessors } from './jobs/processors.ts'
import { createWorkerMetrics } from './metrics.ts'
import { startReconcile } from './reconcile/index.ts'
import { createReconcileMetrics } from './reconcile/metrics.ts'
import { startSweeper } from './recover/sweeper.ts'
import { syncInstallationsFromGitHub } from './recover/sync-installations.ts'
import { createChangedFiles } from './store/changed-files.ts'
import { createDeliveryStore } from './store/store-deliveries.ts'
import { createInboxStore } from './store/store-inbox.ts'

export interface WorkerDeps {
  orm: MikroORM
  /** Blocking-consumer connection (maxRetriesPerRequest: null). */
  redis: Redis
  /** Test seam, never set in production: runs between storing and sending (a test kills the process here). */
  beforeHandOff?: (stored: StoredDeliveries) => unknown
}

/**
 * The worker: the stages a delivery passes through (inbox → store → deliver, with jobs and the
 * sweeper around them), wired together here, plus the small HTTP server for health and metrics.
 */
export async function buildWorker(config: WorkerConfig, deps: WorkerDeps, opts: FastifyServerOptions = {}) {
  let draining = false
  const http = Fastify({ logger: loggerOptions('worker', config.LOG_LEVEL, config.LOG_FORMAT), ...opts })
  await http.register(errorsPlugin)
  await http.register(metricsPlugin, { service: 'worker' })
  await http.register(healthPlugin, {
    checks: { redis: () => pingRedis(deps.redis), postgres: () => pingPostgres(deps.orm) },
    isDraining: () => draining,
  })
  const log = http.log

  // The live feed's own connection: BullMQ defines its scripts on deps.redis, and every pipeline
  // made on a connection copies all of them (tens of closures per batch published).
  const publisher = deps.redis.duplicate()
  publisher.on('error', () => {})
  const publishMany = (messages: ActivityMessage[]) => publishActivities(publisher, config.QUEUE_PREFIX, messages)
  const publish = (message: ActivityMessage) => publishActivity(publisher, config.QUEUE_PREFIX, message)
  const callbacks = createQueue(QUEUES.callbacks, deps.redis, config.QUEUE_PREFIX)
  const events = createQueue(QUEUES.events, deps.redis, config.QUEUE_PREFIX)
  // App mode: GitHub shows what the platform is asked (Deployments, their statuses, a preview comment), on a queue of its own.
  const appMode = config.GITHUB_APP_ID !== undefined && Boolean(config.GITHUB_APP_PRIVATE_KEY)
  const githubWrites = appMode ? createQueue(QUEUES.githubWrites, deps.redis, config.QUEUE_PREFIX) : undefined
  const metrics = createWorkerMetrics(http.metrics, githubWrites ? [events, callbacks, githubWrites] : [events, callbacks])
  const em = () => deps.orm.em.fork()
  const enqueue = (id: string) => enqueueCallback(callbacks, id, config.CALLBACK_ATTEMPTS)
  // A request next in line may have had a job already (it found its environment busy): requeued, not just added.
  const requeue = async (ids: string[]) => {
    for (const id of ids) await requeueCallback(callbacks, id, config.CALLBACK_ATTEMPTS)
  }

  // deliver: one attempt function for first attempts and retries alike.
  const schedule = { baseMs: config.CALLBACK_BACKOFF_BASE_MS, maxMs: config.CALLBACK_BACKOFF_MAX_MS }
  const send = createCallbackSender({ url: config.DEPLOY_PLATFORM_URL, secrets: config.DEPLOY_PLATFORM_SECRET, timeoutMs: config.CALLBACK_TIMEOUT_MS })
  const attempt = createAttempt({ send, schedule, metrics, log })
  const dispatcher = createDispatcher({
    orm: deps.orm,
    attempt,
    callbacks,
    maxAttempts: config.CALLBACK_ATTEMPTS,
    limit: config.CALLBACKS_CONCURRENCY,
    timeoutMs: config.CALLBACK_TIMEOUT_MS,
    metrics,
    log,
    publish: publishMany,
    requeue,
  })
  const handOff = async (stored: StoredDeliveries) => {
    await deps.beforeHandOff?.(stored)
    await Promise.all([dispatcher.dispatch(stored), mirrorOnGitHub(stored)])
  }
  // New requests through an installation get their GitHub Deployment once sent (github/); never in
  // the way of a callback: a mirror Redis refused is logged, and a platform status still creates it.
  const mirrorOnGitHub = async (stored: StoredDeliveries) => {
    if (!githubWrites) return
    await enqueueDeploymentMirrors(githubWrites, withTraces(stored)).catch((err) => log.warn({ err }, 'could not queue the GitHub mirror of new requests'))
  }

  // store: one way to store deliveries, from the inbox and from events jobs.
  const installations = (records: InstallationRecord[]) => publishInstallations(publisher, config.QUEUE_PREFIX, records)
  const { GITHUB_APP_ID: appId, GITHUB_APP_PRIVATE_KEY: privateKey } = config
  const githubApp = appId !== undefined && privateKey ? createGitHubApp({ appId, privateKey, baseUrl: config.GITHUB_API_URL, writeIntervalMs: config.GITHUB_WRITE_INTERVAL_MS, retryBaseMs: config.GITHUB_RETRY_BASE_MS }) : undefined
  const rules = createRulesCache()
  const store = createDeliveryStore({
    orm: deps.orm,
    rules,
    leaseMs: dispatcher.leaseMs,
    metrics,
    log,
    publish: publishMany,
    publishInstallations: installations,
    ...(githubApp ? { changedFiles: createChangedFiles(githubApp) } : {}),
  })
  // App mode: the ingest's installation registry, rebuilt from Postgres (the truth) at start,
  // then Postgres brought in line with what GitHub lists now (what happened while nothing ran).
  const rebuilt = installationRecords(em(), 'all')
    .then(installations)
    .catch((err) => log.warn({ err }, 'could not rebuild the installation registry; it is rebuilt at the next start'))
  const synced = githubApp
    ? rebuilt
        .then(() => syncInstallationsFromGitHub({
          app: githubApp,
          orm: deps.orm,
          publish: async (ids) => installations(await installationRecords(em(), ids)),
          log,
        }))
        .catch((err) => log.warn({ err }, 'could not sync the GitHub App\'s installations from GitHub; installation events keep them current'))
    : rebuilt
  const storeInbox = createInboxStore({ store, events, log })

  // The days' partitions made before the first delivery is stored (a row stored first in the
  // default partition would keep its day from getting one); the hourly job makes the next ones.
  await partitionsAhead(deps.orm).catch((err) => log.warn({ err }, 'could not make the partitions ahead; the default partition takes the rows meanwhile'))

  // inbox: two readers, so one batch is read and prepared while the other is being stored.
  const { onRelayed } = inboxMetrics(http.metrics)
  const relays = [0, 1].map(() =>
    startInboxRelay({
      redis: deps.redis,
      prefix: config.QUEUE_PREFIX,
      log,
      reclaimIdleMs: config.WORKER_INBOX_RECLAIM_MS,
      onRelayed,
      handle: (entries) =>
        traceInboxBatch(entries, async () => {
          const stored = await storeInbox(entries)
          if (stored) await handOff(stored)
        }),
    }),
  )
  const processors = startProcessors(config, deps.redis, { em, store, handOff, attempt, schedule, enqueueCallback: enqueue, publish, leaseMs: dispatcher.leaseMs, requeue, metrics, log })
  const mirror = githubApp && githubWrites ? startGitHubWrites(config, deps.redis, { em, app: githubApp, metrics, log }) : undefined
  const sweeper = startSweeper({ orm: deps.orm, queue: callbacks, enqueueCallback: enqueue, intervalMs: config.SWEEP_INTERVAL_MS, log, metrics })
  // reconcile: the scheduled jobs (one run at a time across all workers); the ingest's registries rebuilt at start.
  const reconcile = startReconcile(deps.redis, {
    orm: deps.orm,
    config,
    redis: publisher,
    githubApp,
    store,
    handOff,
    publishInstallations: installations,
    metrics: createReconcileMetrics(http.metrics),
    log,
  })

  return {
    http,
    queues: { events, callbacks, reconcile: reconcile.queue, ...(githubWrites ? { githubWrites } : {}) },
    sweeper,
    /** Resolves once the start-up installation sync (App mode) is done, whatever its outcome. */
    synced,
    /** Stops taking jobs, lets in-flight ones finish, then closes the queues and the HTTP server. */
    async close() {
      draining = true
      // All three stop taking work at once; the relay may finish its batch into the still-open queue.
      const relayStopped = Promise.all(relays.map((relay) => relay.stop()))
      await sweeper.stop()
      await processors.close()
      await mirror?.close()
      await reconcile.close()
      await relayStopped
      // First callback attempts in flight finish (each within CALLBACK_TIMEOUT_MS) and are recorded.
      await dispatcher.drain()
      await Promise.all([events.close(), callbacks.close(), githubWrites?.close()])
      publisher.disconnect()
      await http.close()
    },
  }
}
