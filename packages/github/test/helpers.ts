import { createServer, type IncomingHttpHeaders } from 'node:http'
import { type GitHubSim, startGitHubSim } from '@gwm/github-sim'
import type { TestLike } from '@gwm/testkit'
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from '../src/index.ts'

export async function startSim(t: TestLike): Promise<GitHubSim> {
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  return sim
}

/** A client against the simulator with test-friendly pacing (short backoff, short write spacing). */
export function clientFor(sim: GitHubSim, token: string, options: GitHubClientOptions = {}): GitHubClient {
  return createGitHubClient({ baseUrl: sim.apiUrl, token, retryBaseMs: 10, writeIntervalMs: 5, ...options })
}

export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A webhook receiver on an ephemeral port: records every request, answers `state.status`. */
export async function startReceiver(t: TestLike, status = 200) {
  const received: Received[] = []
  const state = { status }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(state.status, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('receiver has no port')
  return { url: `http://127.0.0.1:${address.port}/api/webhook`, received, state }
}
