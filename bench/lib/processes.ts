import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { SERVICE_NODE_OPTIONS } from '../../packages/runtime/src/node-options.ts'

const PAGE = 4096
const TICKS = 100 // USER_HZ

/** Resident memory and CPU seconds (user + system) of a process, from /proc. */
export function usage(pid: number): { rssBytes: number; cpuSeconds: number } {
  const statm = readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { rssBytes: Number(statm[1]) * PAGE, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS }
}

export interface Server {
  child: ChildProcess
  stop(): Promise<void>
}

/** Node flags for every server a benchmark starts, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof" to profile them. */
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)

/** Starts a server script under this Node; resolves once readyUrl answers (readyStatus, or anything). */
export async function startServer(script: string, env: NodeJS.ProcessEnv, readyUrl: string, readyStatus?: number): Promise<Server> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, NODE_OPTIONS: SERVICE_NODE_OPTIONS, ...env }, stdio: ['ignore', 'ignore', 'inherit'] })
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`)
    const status = await fetch(readyUrl, { signal: AbortSignal.timeout(1_000) }).then((res) => res.status, () => 0)
    if (status !== 0 && (readyStatus === undefined || status === readyStatus)) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${script} was not ready within 20 s`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref()
      }),
  }
}

/** Runs a script to completion and returns its last stdout line, parsed as JSON. */
export async function runJson<T>(script: string, env: NodeJS.ProcessEnv): Promise<T> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`${script} exited with ${code}`)
  return JSON.parse(output.trim().split('\n').at(-1) ?? 'null') as T
}

/** Samples processes' RSS while work runs; returns the work's result, the peak of their summed RSS and their CPU seconds. */
export async function whileSampling<T>(pids: number[], work: Promise<T>): Promise<{ result: T; peakRss: number; cpuSeconds: number }> {
  const sample = () => pids.map(usage).reduce((sum, one) => ({ rssBytes: sum.rssBytes + one.rssBytes, cpuSeconds: sum.cpuSeconds + one.cpuSeconds }))
  const before = sample()
  let peakRss = before.rssBytes
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, sample().rssBytes)
  }, 200)
  try {
    const result = await work
    const after = sample()
    return { result, peakRss: Math.max(peakRss, after.rssBytes), cpuSeconds: after.cpuSeconds - before.cpuSeconds }
  } finally {
    clearInterval(timer)
  }
}
