import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

export interface ProcessSpec {
  name: string
  cwd: string
  args: string[]
  /** A shell command line to run instead of Node with args (a package's script). */
  command?: string
  env: NodeJS.ProcessEnv
  colour: number
}

const width = 9

/** Starts one Node process (or spec.command) and prefixes each of its output lines with its name, in colour. */
export function startProcess(spec: ProcessSpec): ChildProcess {
  const options: SpawnOptions = { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] }
  const child = spec.command === undefined ? spawn(process.execPath, spec.args, options) : spawn(spec.command, { ...options, shell: true })
  const prefix = process.stdout.isTTY
    ? `\x1b[${spec.colour}m${spec.name.padEnd(width)}\x1b[0m│ `
    : `${spec.name.padEnd(width)}| `
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix}${line}\n`))
  }
  return child
}

/** SIGTERM to each child, then SIGKILL to whatever is still alive after graceMs. */
export async function stopAll(children: ChildProcess[], graceMs: number): Promise<void> {
  const alive = children.filter((child) => child.exitCode === null && child.signalCode === null)
  const exited = alive.map((child) => new Promise<void>((resolve) => child.once('exit', () => resolve())))
  for (const child of alive) child.kill('SIGTERM')
  const timer = setTimeout(() => {
    for (const child of alive) if (child.exitCode === null) child.kill('SIGKILL')
  }, graceMs)
  await Promise.all(exited)
  clearTimeout(timer)
}
