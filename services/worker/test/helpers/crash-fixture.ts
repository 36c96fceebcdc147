import { spawn } from 'node:child_process'
import type { Test } from 'tap'
import { type Backing, until } from './start-worker.ts'

const fixture = new URL('../fixtures/crash-after-commit.ts', import.meta.url).pathname

/**
 * Starts the worker that SIGKILLs itself right after its first commit; resolves once it is ready.
 * `exited` gives the signal it died of, `committed()` the request ids it printed before dying.
 */
export async function startCrashingWorker(t: Test, b: Backing) {
  const child = spawn(process.execPath, [fixture], { env: b.env, stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  await until(() => output.includes('ready'), 15_000, 'crash fixture ready')
  return { exited, committed: () => output.match(/committed (\S+)/)?.[1] }
}
