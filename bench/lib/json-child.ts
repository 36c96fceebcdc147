import { type ChildProcess, spawn } from 'node:child_process'

export interface JsonChild<T> {
  pid: number
  /** The last line the script printed, parsed; rejects if it exits non-zero. */
  result: Promise<T>
  kill(): void
}

const running = new Set<ChildProcess>()
// Whatever way the benchmark ends, no script it started outlives it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/** Runs a script under this Node in its own process; its stdout's last line is its result. */
export function startJsonChild<T>(script: string, env: NodeJS.ProcessEnv): JsonChild<T> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  running.add(child)
  const chunks: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
  const result = new Promise<T>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      running.delete(child)
      if (code !== 0) return reject(new Error(`${script} exited with ${code ?? signal}`))
      resolve(JSON.parse(Buffer.concat(chunks).toString().trim().split('\n').at(-1) ?? 'null') as T)
    })
  })
  return { pid: child.pid!, result, kill: () => void child.kill('SIGKILL') }
}
