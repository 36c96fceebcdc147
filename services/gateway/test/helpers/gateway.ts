import { type GatewayConfig, loadGatewayConfig } from '@gwm/config'
import type { MikroORM } from '@gwm/domain'
import { type GitHubSim, startGitHubSim } from '@gwm/github-sim'
import { createRedis, waitForRedis } from '@gwm/queue'
import { createTestOrm, createTestRedis, serviceEnv, type TestRedis } from '@gwm/testkit'
import type { Test } from 'tap'
import { buildApp, type GatewayApp } from '../../src/app.ts'
import { gatewayLoggerOptions } from '../../src/lib/http/logger-options.ts'

export interface TestGateway {
  app: GatewayApp
  config: GatewayConfig
  orm: MikroORM
  redis: TestRedis
  /** Every log line the app wrote (JSON, trace level), to check that no secret leaks. */
  logs: string[]
}

/** The seed's OAuth app: the gateway signs in with it. */
export const SIM_OAUTH = { CLIENT_ID: 'gwm-local-client', CLIENT_SECRET: 'gwm-local-client-secret' }

/** A GitHub simulator on a free port (default seed), closed on teardown. */
async function startSim(t: Test): Promise<GitHubSim> {
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  return sim
}

/** A simulator and the gateway pointed at it. */
export async function startWithGitHub(
  t: Test,
  env: Record<string, string> = {},
  extend?: (app: GatewayApp) => void,
): Promise<TestGateway & { sim: GitHubSim }> {
  const sim = await startSim(t)
  // Writes to GitHub unspaced: the simulator has no secondary limits, and tests should be quick.
  const gateway = await startGateway(t, { githubUrl: sim.url, env: { ...SIM_OAUTH, GITHUB_WRITE_INTERVAL_MS: '0', ...env }, ...(extend ? { extend } : {}) })
  return { ...gateway, sim }
}

/**
 * The gateway on a fresh database and its own Redis prefix, logging everything into memory.
 * githubUrl points it at a simulator; env overrides any variable.
 */
export async function startGateway(
  t: Test,
  options: { githubUrl?: string; env?: Record<string, string>; extend?: (app: GatewayApp) => void } = {},
): Promise<TestGateway> {
  const [{ orm, db }, redis] = await Promise.all([createTestOrm(t), createTestRedis(t)])
  const config = loadGatewayConfig(serviceEnv({
    redisUrl: redis.url,
    databaseUrl: db.url,
    prefix: redis.prefix,
    ...(options.githubUrl ? { githubUrl: options.githubUrl } : {}),
    // A test file signs in dozens of times a minute, all from one address.
    AUTH_RATE_LIMIT_MAX: '10000',
    ...options.env,
  }))
  const producer = createRedis(config.REDIS_URL, 'producer')
  // A producer connection fails fast while still connecting: start tests once it is up.
  await waitForRedis(producer)
  const logs: string[] = []
  const stream = { write: (line: string) => void logs.push(line) }
  const app = await buildApp(config, { orm, redis: producer }, { logger: { ...gatewayLoggerOptions('trace'), stream } })
  t.teardown(async () => {
    await app.close()
    producer.disconnect()
  })
  options.extend?.(app)
  await app.ready()
  return { app, config, orm, redis, logs }
}

/**
 * Another gateway on the same database and Redis with some variables changed (keys,
 * limits), as a second replica or a redeploy would be. prefix isolates its Redis keys.
 * options.logs collects its log lines (otherwise it logs nothing).
 */
export async function startVariant(
  t: Test,
  base: TestGateway,
  env: Record<string, string>,
  githubUrl?: string,
  options: { redisUp?: boolean; logs?: string[] } = {},
): Promise<GatewayApp> {
  const config = loadGatewayConfig(serviceEnv({
    redisUrl: base.redis.url,
    databaseUrl: base.config.DATABASE_URL,
    prefix: base.config.QUEUE_PREFIX,
    ...(githubUrl ? { githubUrl, ...SIM_OAUTH, GITHUB_WRITE_INTERVAL_MS: '0' } : {}),
    ...env,
  }))
  const producer = createRedis(config.REDIS_URL, 'producer')
  if (options.redisUp !== false) await waitForRedis(producer)
  const { logs } = options
  const logger = logs ? { ...gatewayLoggerOptions('trace'), stream: { write: (line: string) => void logs.push(line) } } : false
  const app = await buildApp(config, { orm: base.orm, redis: producer }, { logger })
  t.teardown(async () => {
    await app.close()
    producer.disconnect()
  })
  return app
}
