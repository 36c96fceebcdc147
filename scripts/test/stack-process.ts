import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { closedPort, createTestDatabase, createTestRedis } from '@gwm/testkit'
import type { Test } from 'tap'
import type { TourUrls } from '../demo/steps.ts'

interface StackPortsInUse {
  gateway: number
  ingest: number
  worker: number
  github: number
  platform: number
}

export interface RunningStack {
  ports: StackPortsInUse
  urls: TourUrls
  platformToken: string
  /** Everything the stack printed so far (its own lines and each process's, prefixed). */
  logs(): string
  /** Ctrl-C, as a terminal sends it; resolves once the stack exited, with how long that took. */
  interrupt(): Promise<number>
}

/**
 * `npm start` (scripts/stack.ts) as its own process with args, on free ports, with a database
 * and a BullMQ prefix of this test's own: stacks of several test files run side by side.
 * Fails the test (and returns undefined) when the stack does not print that it is up in 60 s.
 */
export async function startStack(t: Test, args: string[] = []): Promise<RunningStack | undefined> {
  const [db, redis] = await Promise.all([createTestDatabase(t), createTestRedis(t)])
  const ports: StackPortsInUse = { gateway: await closedPort(), ingest: await closedPort(), worker: await closedPort(), github: await closedPort(), platform: await closedPort() }
  const platformToken = randomBytes(24).toString('hex')

  const output: string[] = []
  const stack: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, '..', 'stack.ts'), ...args], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      LOG_LEVEL: 'info',
      PLATFORM_API_TOKEN: platformToken,
      GATEWAY_PORT: String(ports.gateway),
      INGEST_PORT: String(ports.ingest),
      WORKER_PORT: String(ports.worker),
      GITHUB_SIM_PORT: String(ports.github),
      PLATFORM_PORT: String(ports.platform),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  stack.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  stack.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  const exited = new Promise<number | null>((resolve) => stack.on('exit', (code) => resolve(code)))
  t.teardown(() => {
    if (stack.exitCode === null) stack.kill('SIGKILL')
  })

  let timer: NodeJS.Timeout | undefined
  const up = await Promise.race([
    new Promise<boolean>((resolve) => {
      timer = setInterval(() => {
        if (output.join('').includes('GitHub Webhook Manager is up.')) resolve(true)
      }, 100)
    }),
    exited.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 60_000).unref()),
  ])
  clearInterval(timer)
  if (!up) {
    t.fail(`the stack did not come up:\n${output.join('').slice(-4000)}`)
    return undefined
  }
  return {
    ports,
    urls: { gateway: `http://localhost:${ports.gateway}`, github: `http://127.0.0.1:${ports.github}`, platform: `http://127.0.0.1:${ports.platform}` },
    platformToken,
    logs: () => output.join(''),
    async interrupt() {
      const stopping = Date.now()
      stack.kill('SIGINT')
      await exited
      return Date.now() - stopping
    },
  }
}
