import { randomUUID } from 'node:crypto'
import { loadWorkerConfig, type WorkerConfig } from '@gwm/config'
import { createOrm, type MikroORM } from '@gwm/domain'
import { addJob, createQueue, createRedis, jobId, QUEUES } from '@gwm/queue'
import { createPlatformReceiver, createTestOrm, createTestRedis, type PlatformReceiver, serviceEnv, type TestRedis } from '@gwm/testkit'
import type { Queue } from 'bullmq'
import type { Test } from 'tap'
import { buildWorker, type WorkerDeps } from '../../src/app.ts'

/** Retries in milliseconds, a short callback timeout and a fast sweeper: tests stay quick. */
export const FAST = {
  CALLBACK_BACKOFF_BASE_MS: '20',
  CALLBACK_BACKOFF_MAX_MS: '200',
  CALLBACK_TIMEOUT_MS: '500',
  SWEEP_INTERVAL_MS: '200',
  EVENTS_CONCURRENCY: '4',
  CALLBACKS_CONCURRENCY: '4',
}

export interface Backing {
  orm: MikroORM
  databaseUrl: string
  redis: TestRedis
  receiver: PlatformReceiver
  env: NodeJS.ProcessEnv
  config: WorkerConfig
  /** A producer on the events queue, as the ingest has. */
  events: Queue
  /** Enqueues a GitHub delivery the way the ingest does (job id = hook id + delivery id). */
  addEvent(event: string, payload: unknown, opts?: { deliveryId?: string; hookId?: number; jobId?: string }): Promise<string>
}

/** Real Postgres (fresh database), Redis (own prefix) and platform receiver for one test. */
export async function backing(t: Test, env: Record<string, string> = {}): Promise<Backing> {
  const redis = await createTestRedis(t)
  const { orm, db } = await createTestOrm(t)
  const secret = serviceEnv({}).DEPLOY_PLATFORM_SECRET!
  const receiver = await createPlatformReceiver({ secret, t })
  const fullEnv = serviceEnv({ redisUrl: redis.url, databaseUrl: db.url, prefix: redis.prefix, platformUrl: receiver.url, DEPLOY_PLATFORM_SECRET: secret, PORT: '0', ...FAST, ...env })
  const producer = createRedis(redis.url, 'producer')
  const events = createQueue(QUEUES.events, producer, redis.prefix)
  t.teardown(async () => {
    await events.close()
    producer.disconnect()
  })
  return {
    orm,
    databaseUrl: db.url,
    redis,
    receiver,
    env: fullEnv,
    config: loadWorkerConfig(fullEnv),
    events,
    async addEvent(event, payload, opts = {}) {
      const deliveryId = opts.deliveryId ?? randomUUID()
      const hookId = String(opts.hookId ?? 4242)
      const data = { deliveryId, event, hookId, receivedAt: new Date().toISOString(), payload: JSON.stringify(payload), ...(typeof (payload as { action?: unknown }).action === 'string' ? { action: (payload as { action: string }).action } : {}) }
      await addJob(events, 'github-event', data, opts.jobId ?? jobId(hookId, deliveryId))
      return deliveryId
    },
  }
}

/** Builds the worker in this process on the given backing services; closed on teardown. */
export async function startWorker(t: Test, b: Backing, deps: Partial<WorkerDeps> & { databaseUrl?: string } = {}) {
  const redis = createRedis(b.config.REDIS_URL, 'worker')
  const orm = deps.orm ?? (deps.databaseUrl ? await createOrm({ databaseUrl: deps.databaseUrl }) : b.orm)
  const worker = await buildWorker(b.config, { orm, redis, ...(deps.hooks ? { hooks: deps.hooks } : {}) })
  t.teardown(async () => {
    await worker.close()
    redis.disconnect()
    if (orm !== b.orm) await orm.close()
  })
  return worker
}

/** Polls until check() returns a truthy value (or throws after timeoutMs). */
export async function until<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
