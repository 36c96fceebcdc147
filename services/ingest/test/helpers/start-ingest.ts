import type { AddressInfo } from 'node:net'
import { type IngestConfig, loadIngestConfig } from '@gwm/config'
import { type GitHubEventJob, type HookSecrets, inboxJobData, publishHookSecret, readInbox, SecretBox, waitForRedis } from '@gwm/queue'
import { loggerOptions } from '@gwm/runtime'
import { createTestRedis, serviceEnv, type TestRedis } from '@gwm/testkit'
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { buildApp } from '../../src/app.ts'
import { connectRedis } from '../../src/lib/redis.ts'

interface StoredJob {
  id: string
  name: 'github-event'
  data: GitHubEventJob
}

export interface Ingest {
  app: FastifyInstance
  config: IngestConfig
  redis: TestRedis
  /** Every JSON log line the app wrote. */
  logs: string[]
  /** The deliveries stored in the inbox (what a worker will store), oldest first. */
  jobs(): Promise<StoredJob[]>
  /** What the gateway does when it sets a hook up: publish its secret to the registry. */
  publish(hookId: string | number, secrets: HookSecrets): Promise<void>
  /** Listens on a free port (for real-HTTP tests); returns the webhook URL. */
  listen(): Promise<string>
}

/**
 * The ingest against the shared test Redis, isolated by a BullMQ prefix of its own.
 * `redisUrl` points it somewhere else (a stalling proxy, or a closed port with `redisDown`);
 * the registry and the assertions still use the real test Redis.
 */
export async function startIngest(t: Test, options: { env?: Record<string, string>; redisUrl?: string; redisDown?: boolean } = {}): Promise<Ingest> {
  const redis = await createTestRedis(t)
  const config = loadIngestConfig(serviceEnv({
    redisUrl: options.redisUrl ?? redis.url,
    prefix: redis.prefix,
    LOG_LEVEL: 'info',
    // Generous limits unless a test is about them: a busy CI machine is not an overload.
    ENQUEUE_TIMEOUT_MS: '5000',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    MAX_RSS_MB: '0',
    MAX_REQUESTS_IN_FLIGHT: '0',
    ...options.env,
  }))
  const producer = connectRedis(config.REDIS_URL, 'ingest-test')
  if (!options.redisDown) await waitForRedis(producer)
  const logs: string[] = []
  const app = await buildApp(config, { redis: producer }, {
    logger: { ...(loggerOptions('ingest', config.LOG_LEVEL) as object), stream: { write: (line: string) => logs.push(line) } },
  })
  const box = new SecretBox(config.SECRETS_KEY)
  t.teardown(async () => {
    await app.close()
    producer.disconnect()
  })
  return {
    app,
    config,
    redis,
    logs,
    jobs: async () => (await readInbox(redis.client, redis.prefix)).map((entry) => ({ id: entry.jobId, name: 'github-event' as const, data: inboxJobData(entry) })),
    publish: (hookId, secrets) => publishHookSecret(redis.client, box, redis.prefix, hookId, secrets),
    listen: async () => {
      await app.listen({ port: 0, host: '127.0.0.1' })
      return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/webhook`
    },
  }
}
