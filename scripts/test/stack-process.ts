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

/** How many times a stack is started on fresh ports when one it was given was taken meanwhile. */
const PORT_TRIES = 3

/**
 * `npm start` (scripts/stack.ts) as its own process with args, on free ports, with a database
 * and a BullMQ prefix of this test's own: stacks of several test files run side by side.
 * A port found free can be taken by another test's server before the stack binds it: the stack
 * then exits with EADDRINUSE, and is started again on other ports. Fails the test (and returns
 * undefined) when the stack does not print that it is up in 60 s.
 */
export async function startStack(t: Test, args: string[] = []): Promise<RunningStack | undefined> {
  const [db, redis] = await Promise.all([createTestDatabase(t), createTestRedis(t)])
  for (let tries = 1; ; tries++) {
    const started = await startOnce(t, args, db.url, redis)
    if (started.up) return started.stack
    const taken = started.logs.includes('EADDRINUSE')
    if (!taken || tries === PORT_TRIES) {
      t.fail(`the stack did not come up${taken ? ` (a port taken, ${tries} times)` : ''}:\n${started.logs.slice(-4000)}`)
      return undefined
    }
  }
}

async function startOnce(t: Test, args: string[], databaseUrl: string, redis: { url: string; prefix: string }): Promise<{ up: true; stack: RunningStack } | { up: false; logs: string }> {
  const ports: StackPortsInUse = { gateway: await closedPort(), ingest: await closedPort(), worker: await closedPort(), github: await closedPort(), platform: await closedPort() }
  const platformToken = randomBytes(24).toString('hex')

  const output: string[] = []
  const stack: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, '..', 'stack.ts'), ...args], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
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
    if (stack.exitCode === null) {
      stack.kill('SIGKILL')
      await exited
    }
    return { up: false, logs: output.join('') }
  }
  return {
    up: true,
    stack: {
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
    },
  }
}
