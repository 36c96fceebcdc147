import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { closedPort, createTestDatabase, createTestRedis } from '@gwm/testkit'
import type { Test } from 'tap'
import { FAST_WORKER } from '../../faults/lib/stack.ts'
import { type TcpProxy, tcpProxy } from '../../faults/lib/tcp-proxy.ts'

const ROOT = join(import.meta.dirname, '..', '..', '..')

export interface ConsoleStack {
  /** Where the browser goes: the gateway (console and API) through a proxy the test can cut. */
  consoleUrl: string
  /** The gateway itself, for the test's own API calls. */
  gatewayUrl: string
  githubUrl: string
  ingestUrl: string
  platformUrl: string
  /** Between the browser and the gateway: pause() cuts every open connection (the SSE stream too). */
  proxy: TcpProxy
  logs(): string
}

/**
 * The stack `npm start` runs (scripts/stack.ts: the GitHub simulator, the platform receiver,
 * the migrations, gateway, ingest and worker, each its own process), on free ports with a
 * database and a BullMQ prefix of this test's own. The browser reaches the gateway through a
 * TCP proxy: the OAuth callback and FRONTEND_URL name the proxy, so the session cookie, the
 * console and its API calls all go through it. Fails the test and returns undefined when the
 * stack does not come up in 90 s.
 */
export async function startConsoleStack(t: Test, env: Record<string, string> = {}): Promise<ConsoleStack | undefined> {
  const [db, redis] = await Promise.all([createTestDatabase(t), createTestRedis(t)])
  const ports = { gateway: await closedPort(), ingest: await closedPort(), worker: await closedPort(), github: await closedPort(), platform: await closedPort() }
  const proxy = await tcpProxy(t, { host: '127.0.0.1', port: ports.gateway })
  const consoleUrl = `http://localhost:${proxy.port}`

  const output: string[] = []
  const stack: ChildProcess = spawn(process.execPath, [join(ROOT, 'scripts', 'stack.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      LOG_LEVEL: 'warn',
      PLATFORM_API_TOKEN: randomBytes(24).toString('hex'),
      GATEWAY_PORT: String(ports.gateway),
      INGEST_PORT: String(ports.ingest),
      WORKER_PORT: String(ports.worker),
      GITHUB_SIM_PORT: String(ports.github),
      PLATFORM_PORT: String(ports.platform),
      REDIRECT_URI: `${consoleUrl}/auth/callback`,
      FRONTEND_URL: consoleUrl,
      // A browser test loads many pages from one address in a few seconds.
      RATE_LIMIT_PER_MINUTE: '100000',
      AUTH_RATE_LIMIT_MAX: '1000',
      EVENTS_STREAM_MAX_PER_USER: '50',
      ...FAST_WORKER,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  stack.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  stack.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const exited = new Promise<void>((resolve) => stack.on('exit', () => resolve()))
  t.teardown(async () => {
    if (stack.exitCode !== null || stack.signalCode !== null) return
    stack.kill('SIGINT')
    const timer = setTimeout(() => stack.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  })

  let timer: NodeJS.Timeout | undefined
  const up = await Promise.race([
    new Promise<boolean>((resolve) => {
      timer = setInterval(() => {
        if (output.join('').includes('GitHub Webhook Manager is up.')) resolve(true)
      }, 100)
    }),
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 90_000).unref()),
  ])
  clearInterval(timer)
  if (!up) {
    t.fail(`the stack did not come up:\n${output.join('').slice(-4000)}`)
    return undefined
  }
  return {
    consoleUrl,
    gatewayUrl: `http://127.0.0.1:${ports.gateway}`,
    githubUrl: `http://127.0.0.1:${ports.github}`,
    ingestUrl: `http://127.0.0.1:${ports.ingest}`,
    platformUrl: `http://127.0.0.1:${ports.platform}`,
    proxy,
    logs: () => output.join(''),
  }
}
