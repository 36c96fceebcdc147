import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { TestLike } from '@gwm/testkit'
import { type GitHubSim, type GitHubSimOptions, startGitHubSim } from '../src/index.ts'

/** A simulator for one test, closed at teardown. */
export async function startSim(t: TestLike, options: GitHubSimOptions = {}): Promise<GitHubSim> {
  const sim = await startGitHubSim(options)
  t.teardown(() => sim.close())
  return sim
}

export interface ApiResponse<T = unknown> {
  status: number
  headers: Headers
  body: T
}

/** A REST call as a client would make it. */
export async function api<T = any>(sim: GitHubSim, path: string, init: { token?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', ...init.headers }
  if (init.token) headers.authorization = `token ${init.token}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${sim.apiUrl}${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A webhook receiver on an ephemeral port that records requests and answers `status`. */
export async function startReceiver(t: TestLike, answer: { status?: number; delayMs?: number } = {}) {
  const received: Received[] = []
  const waiters: Array<() => void> = []
  const state = { status: answer.status ?? 200, delayMs: answer.delayMs ?? 0 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      for (const wake of waiters.splice(0)) wake()
      setTimeout(() => res.writeHead(state.status, { 'content-type': 'application/json' }).end('{"ok":true}'), state.delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('receiver has no port')
  return {
    url: `http://127.0.0.1:${address.port}/hook`,
    received,
    state,
    /** Resolves once `count` requests have arrived. */
    async waitFor(count: number, timeoutMs = 5_000): Promise<Received[]> {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} of ${count} requests`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
      return received.slice(0, count)
    },
  }
}
