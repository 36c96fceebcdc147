import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { TestLike } from '@gwm/testkit'
import { SERVICE_NODE_OPTIONS } from '../../../packages/runtime/src/node-options.ts'

const ROOT = new URL('../../../', import.meta.url).pathname

export interface LogLine {
  process: string
  stream: 'stdout' | 'stderr'
  text: string
}

/** Every line any process of a test wrote, in arrival order, to search for leaks afterwards. */
export class LogBook {
  readonly lines: LogLine[] = []

  capture(name: string, child: ChildProcess) {
    for (const stream of ['stdout', 'stderr'] as const) {
      const source = child[stream]
      if (!source) continue
      createInterface({ input: source }).on('line', (text) => this.lines.push({ process: name, stream, text }))
    }
  }

  /** The JSON log lines of one process (by name prefix), parsed. */
  json(name: string): Array<Record<string, unknown>> {
    const parsed: Array<Record<string, unknown>> = []
    for (const line of this.lines) {
      if (!line.process.startsWith(name) || !line.text.startsWith('{')) continue
      try {
        parsed.push(JSON.parse(line.text))
      } catch {}
    }
    return parsed
  }

  /** Distinct warnings and errors a process logged (message and error), most frequent first. */
  problems(name: string, limit = 5): string[] {
    const seen = new Map<string, number>()
    for (const line of this.json(name)) {
      if (typeof line.level !== 'number' || line.level < 40) continue
      const err = line.err as { message?: string } | undefined
      const key = `${line.msg}${err?.message ? `: ${err.message.slice(0, 200)}` : ''}`
      seen.set(key, (seen.get(key) ?? 0) + 1)
    }
    return [...seen].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([key, n]) => `${n}x ${key}`)
  }

  tail(name: string, count = 15): string {
    return this.lines
      .filter((line) => line.process === name)
      .slice(-count)
      .map((line) => line.text)
      .join('\n')
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls until check() is truthy; throws with `what` after timeoutMs. */
export async function until<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs: number, what: string, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`)
    await sleep(everyMs)
  }
}

export interface ServiceProcess {
  name: string
  port: number
  url: string
  /** How many times the process was started. */
  starts: number
  /** How the last run ended: an exit code, or the signal that ended it. */
  lastExit: number | NodeJS.Signals | null
  running(): boolean
  /** The running process's id (to read its memory from /proc). */
  pid(): number | undefined
  /** Spawns the service and waits for its /readyz to answer 200. */
  start(): Promise<void>
  /** Sends a signal and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** SIGTERM, then SIGKILL if it has not exited within timeoutMs. */
  stop(timeoutMs?: number): Promise<void>
}

export interface ServiceOptions {
  /** Log name; restarts are named name#2, name#3, … */
  name: string
  /** The service's entry point, relative to the repository root. */
  entry: string
  env: NodeJS.ProcessEnv
  port: number
  logs: LogBook
  readyTimeoutMs?: number
}

/** One service as a real process: the same entry point and environment as in production. */
export function serviceProcess(t: TestLike, options: ServiceOptions): ServiceProcess {
  const { name, entry, port, logs, readyTimeoutMs = 60_000 } = options
  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()

  const service: ServiceProcess = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    starts: 0,
    lastExit: null,
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    pid: () => (service.running() ? child?.pid : undefined),
    async start() {
      if (service.running()) throw new Error(`${name} is already running`)
      service.starts++
      const label = service.starts === 1 ? name : `${name}#${service.starts}`
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: SERVICE_NODE_OPTIONS, ...options.env, PORT: String(port), HOST: '127.0.0.1' }
      const proc = spawn(process.execPath, [entry], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
      child = proc
      logs.capture(label, proc)
      exited = new Promise((resolve) =>
        proc.once('exit', (code, signal) => {
          service.lastExit = code ?? signal
          resolve()
        }),
      )
      await until(
        async () => {
          if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${label} exited (${proc.exitCode ?? proc.signalCode}) before it was ready:\n${logs.tail(label)}`)
          const res = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined)
          await res?.body?.cancel()
          return res?.status === 200
        },
        readyTimeoutMs,
        `${label} ready`,
        50,
      )
      // A process that could not listen exits at once, and a stranger on its port may have answered.
      await sleep(200)
      if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${label} exited (${proc.exitCode ?? proc.signalCode}) right after /readyz answered:\n${logs.tail(label)}`)
    },
    async kill(signal = 'SIGKILL') {
      if (!service.running()) return
      child!.kill(signal)
      await exited
    },
    async stop(timeoutMs = 10_000) {
      if (!service.running()) return
      child!.kill('SIGTERM')
      const timer = setTimeout(() => child?.kill('SIGKILL'), timeoutMs)
      await exited
      clearTimeout(timer)
    },
  }
  t.teardown(() => service.kill('SIGKILL'))
  return service
}
