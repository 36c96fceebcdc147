import { createHash, randomBytes } from 'node:crypto'
import { startHookReceiver, type TestLike } from '@gwm/testkit'
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

/** A webhook receiver on an ephemeral port that records requests and answers `status`. */
export const startReceiver = (t: TestLike, answer: { status?: number; delayMs?: number } = {}) => startHookReceiver(t, answer)
