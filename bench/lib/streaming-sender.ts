import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { SenderResult, SenderSpec, SentDelivery } from './sender-spec.ts'

/**
 * Runs the open-loop sender (open-loop-sender.ts) in its own process in streaming mode: each
 * delivery is handed to onAnswer as soon as the sender reports it (every 100 ms), so a long run
 * keeps no list of them. Resolves with the sender's timing once every delivery is answered.
 */
export function startStreamingSender(root: string, spec: Omit<SenderSpec, 'stream'>, onAnswer: (delivery: SentDelivery) => void) {
  const child = spawn(process.execPath, [join(root, 'bench/lib/open-loop-sender.ts')], {
    env: { ...process.env, BENCH_SENDER: JSON.stringify({ ...spec, stream: true }) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let summary: SenderResult | undefined
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('[')) onAnswer(JSON.parse(line) as SentDelivery)
    else if (line.startsWith('{')) summary = JSON.parse(line) as SenderResult
  })
  const result = new Promise<SenderResult>((resolve, reject) => {
    // close, not exit: by then every line the sender printed has been read.
    child.once('close', (code, signal) => {
      if (code !== 0 || !summary) reject(new Error(`the sender exited with ${code ?? signal}`))
      else resolve(summary)
    })
  })
  const stop = () => void child.kill('SIGKILL')
  process.once('exit', stop)
  return { pid: child.pid!, result, stop }
}
