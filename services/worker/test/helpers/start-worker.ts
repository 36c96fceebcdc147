import { randomUUID } from 'node:crypto'
import { loadWorkerConfig, type WorkerConfig } from '@gwm/config'
import { createOrm, type MikroORM } from '@gwm/domain'
import { addJob, appendToInbox, createQueue, createRedis, jobId, QUEUES } from '@gwm/queue'
import { createPlatformReceiver, createTestOrm, createTestRedis, type PlatformReceiver, serviceEnv, type TestRedis } from '@gwm/testkit'
import type { Queue } from 'bullmq'
import type { Test } from 'tap'
import { buildWorker, type WorkerDeps } from '../../src/app.ts'

/** Retries in milliseconds, a short callback timeout and a fast sweeper: tests stay quick. */
const FAST = {
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
  addEvent(event: string, payload: unknown, opts?: { deliveryId?: string; hookId?: number; jobId?: string; receivedAt?: Date }): Promise<string>
  /** Appends a GitHub delivery to the inbox, as the ingest does: the worker's relay stores it in a batch. */
  appendEvent(event: string, payload: unknown, opts?: { deliveryId?: string; hookId?: number; receivedAt?: Date }): Promise<string>
}

export type EventEntry = 'events queue' | 'inbox'

/** The two ways a delivery reaches the worker, for tests that hold for both. */
export const addEventVia = (b: Backing, via: EventEntry) => (via === 'inbox' ? b.appendEvent : b.addEvent)

function eventData(event: string, payload: unknown, opts: { deliveryId?: string; hookId?: number; receivedAt?: Date }) {
  const deliveryId = opts.deliveryId ?? randomUUID()
  const hookId = String(opts.hookId ?? 4242)
  const action = (payload as { action?: unknown }).action
  return { deliveryId, hookId, data: { deliveryId, event, hookId, receivedAt: (opts.receivedAt ?? new Date()).toISOString(), ...(typeof action === 'string' ? { action } : {}) } }
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
      const { deliveryId, hookId, data } = eventData(event, payload, opts)
      await addJob(events, 'github-event', { ...data, payload: JSON.stringify(payload) }, opts.jobId ?? jobId(hookId, deliveryId))
      return deliveryId
    },
    async appendEvent(event, payload, opts = {}) {
      const { deliveryId, hookId, data } = eventData(event, payload, opts)
      await appendToInbox(redis.client, redis.prefix, [{ jobId: jobId(hookId, deliveryId), data, payload: Buffer.from(JSON.stringify(payload)) }])
      return deliveryId
    },
  }
}

/** Builds the worker in this process on the given backing services; closed on teardown. */
export async function startWorker(t: Test, b: Backing, deps: Partial<WorkerDeps> & { databaseUrl?: string } = {}) {
  const redis = createRedis(b.config.REDIS_URL, 'worker')
  const orm = deps.orm ?? (deps.databaseUrl ? await createOrm({ databaseUrl: deps.databaseUrl }) : b.orm)
  const worker = await buildWorker(b.config, { orm, redis, ...(deps.beforeHandOff ? { beforeHandOff: deps.beforeHandOff } : {}) })
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
