import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { type createRedis, publishActivity } from '../../packages/queue/src/index.ts'

export interface FanOut {
  subscribers: number
  connected: number
  failed: number
  deliveries: number
  expected: number
  p50: number
  p99: number
  max: number
  /** p99 of the messages published from one second after the first on. */
  p99AfterFirstSecond: number
}

export interface FanOutOptions {
  gatewayUrl: string
  cookie: string
  redis: ReturnType<typeof createRedis>
  prefix: string
  /** A repository the session may see: the messages are about it. */
  repositoryId: string
  subscribers: number
  messages: number
  perSecond: number
}

/**
 * Opens the subscribers (bench/lib/api-subscribers.ts, a process of their own), then publishes
 * `messages` event.stored messages to the activity stream as the worker does when it stored an
 * event, each carrying the moment it was published; returns the delays every subscriber saw.
 */
export async function fanOut(options: FanOutOptions): Promise<FanOut> {
  const mark = `bench-${randomUUID().slice(0, 8)}-`
  const child = spawn(process.execPath, [new URL('./api-subscribers.ts', import.meta.url).pathname], {
    env: { ...process.env, GATEWAY_URL: options.gatewayUrl, COOKIE: options.cookie, MARK: mark, SUBSCRIBERS: String(options.subscribers), EXPECT: String(options.messages), TIMEOUT_MS: String(Math.ceil((options.messages / options.perSecond) * 1000) + 30_000) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })
  let last = ''
  const ready = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      last = line
      if (line === 'ready') resolve()
    })
    child.once('exit', (code) => reject(new Error(`the subscribers exited (${code}) before all were connected`)))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error('the subscribers were not all connected within 60 s')), 60_000))])
    const started = performance.now()
    for (let i = 0; i < options.messages; i++) {
      const due = started + (i * 1000) / options.perSecond
      const wait = due - performance.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      const at = performance.timeOrigin + performance.now()
      publishActivity(options.redis, options.prefix, {
        type: 'event.stored',
        deliveryId: `${mark}${at.toFixed(3)}`,
        eventId: randomUUID(),
        repositoryId: options.repositoryId,
        event: 'push',
        action: null,
        requests: 1,
        at: new Date(at).toISOString(),
      })
    }
    await exited
    return JSON.parse(last) as FanOut
  } finally {
    child.kill('SIGKILL')
  }
}
