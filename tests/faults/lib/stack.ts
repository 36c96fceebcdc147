import { randomBytes } from 'node:crypto'
import { publishHookSecret, SecretBox, createRedis, waitForRedis } from '@gwm/queue'
import { closedPort, createPlatformReceiver, createTestOrm, type PlatformReceiver, serviceEnv, type TestLike } from '@gwm/testkit'
import { exampleRepositoryIds, type Hook } from './github-sender.ts'
import { LogBook, type ServiceProcess, serviceProcess } from './processes.ts'
import { type TcpProxy, tcpProxy } from './tcp-proxy.ts'

/** Worker settings that make retries, timeouts and the outbox sweep take milliseconds. */
export const FAST_WORKER = {
  EVENTS_CONCURRENCY: '8',
  CALLBACKS_CONCURRENCY: '16',
  CALLBACK_TIMEOUT_MS: '2000',
  CALLBACK_ATTEMPTS: '25',
  CALLBACK_BACKOFF_BASE_MS: '50',
  CALLBACK_BACKOFF_MAX_MS: '1000',
  SWEEP_INTERVAL_MS: '1000',
  SHUTDOWN_TIMEOUT_MS: '10000',
  // A killed worker's jobs and inbox entries are taken up within about 15 s, not BullMQ's 30 to 60.
  WORKER_LOCK_DURATION_MS: '10000',
  WORKER_STALLED_INTERVAL_MS: '5000',
  WORKER_INBOX_RECLAIM_MS: '5000',
  GITHUB_RETRY_BASE_MS: '50',
}

export interface StackOptions {
  redisUrl: string
  /** An existing, migrated database to use instead of a fresh one (a benchmark's filled database); left as it is at the end. */
  databaseUrl?: string
  ingests?: number
  workers?: number
  /** Put a stoppable TCP proxy between the workers and Postgres. */
  postgresProxy?: boolean
  logs?: LogBook
  env?: Record<string, string>
}

export interface Stack {
  env: NodeJS.ProcessEnv
  prefix: string
  /** The test's own database, reached directly (not through the proxy). */
  databaseUrl: string
  proxy: TcpProxy | undefined
  receiver: PlatformReceiver
  /** Three hooks with their own secrets, and one signed with WEBHOOK_SECRET. */
  hooks: Hook[]
  ingests: ServiceProcess[]
  workers: ServiceProcess[]
  logs: LogBook
  /** Every secret and token the processes were given: none may appear in a log line. */
  secrets: string[]
}

const SECRET_VARIABLES = ['WEBHOOK_SECRET', 'DEPLOY_PLATFORM_SECRET', 'PLATFORM_API_TOKEN', 'SESSION_KEY', 'SECRETS_KEY', 'CLIENT_SECRET', 'PASSWORD']

/**
 * The ingest and worker services as real processes on one Redis (given) and a fresh, migrated
 * Postgres database, calling back a real platform receiver; hook secrets published to the
 * registry the way the gateway does it. Nothing is started yet: the test starts the processes.
 */
export async function createStack(t: TestLike, options: StackOptions): Promise<Stack> {
  const logs = options.logs ?? new LogBook()
  const db = options.databaseUrl ? { url: options.databaseUrl } : (await createTestOrm(t)).db
  const prefix = `{f${randomBytes(4).toString('hex')}}`
  const databaseUrl = new URL(db.url)
  const proxy = options.postgresProxy ? await tcpProxy(t, { host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) }) : undefined
  const platformSecret = `whsec_${randomBytes(24).toString('base64')}`
  const receiver = await createPlatformReceiver({ secret: platformSecret, t })
  const env = serviceEnv({
    redisUrl: options.redisUrl,
    databaseUrl: proxy ? proxy.wrap(db.url) : db.url,
    prefix,
    platformUrl: receiver.url,
    DEPLOY_PLATFORM_SECRET: platformSecret,
    WEBHOOK_SECRET: `global-${randomBytes(16).toString('hex')}`,
    WEBHOOK_SECRET_REPOSITORY_IDS: exampleRepositoryIds().join(','),
    PASSWORD: `password-${randomBytes(8).toString('hex')}`,
    LOG_LEVEL: 'info',
    ...FAST_WORKER,
    ...options.env,
  })

  const hooks: Hook[] = [{ secret: env.WEBHOOK_SECRET! }]
  const redis = createRedis(options.redisUrl, 'producer', 'fault-setup')
  try {
    await waitForRedis(redis, 10_000)
    const box = new SecretBox(env.SECRETS_KEY!.split(',').map((key) => Buffer.from(key, 'hex')))
    for (const id of [71_000_001, 71_000_002, 71_000_003]) {
      const hook = { id, secret: randomBytes(20).toString('hex') }
      await publishHookSecret(redis, box, prefix, id, { current: hook.secret })
      hooks.push(hook)
    }
  } finally {
    redis.disconnect()
  }

  const secrets = [
    ...SECRET_VARIABLES.map((name) => env[name]).filter((value): value is string => Boolean(value)),
    platformSecret.slice('whsec_'.length),
    ...env.SECRETS_KEY!.split(','),
    ...hooks.map((hook) => hook.secret),
  ]
  const spawnAll = async (count: number, name: string, entry: string) => {
    const processes: ServiceProcess[] = []
    for (let i = 1; i <= count; i++) processes.push(serviceProcess(t, { name: count > 1 ? `${name}-${i}` : name, entry, env, port: await closedPort(), logs }))
    return processes
  }
  return {
    env,
    prefix,
    databaseUrl: db.url,
    proxy,
    receiver,
    hooks,
    ingests: await spawnAll(options.ingests ?? 1, 'ingest', 'services/ingest/src/main.ts'),
    workers: await spawnAll(options.workers ?? 1, 'worker', 'services/worker/src/main.ts'),
    logs,
    secrets,
  }
}
