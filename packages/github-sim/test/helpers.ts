import { createHash, createSign, randomBytes } from 'node:crypto'
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
export async function api<T = any>(sim: GitHubSim, path: string, init: { token?: string; jwt?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', ...init.headers }
  if (init.token) headers.authorization = `token ${init.token}`
  if (init.jwt) headers.authorization = `Bearer ${init.jwt}`
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  // Redirects are answers of their own here (the tarball's 302), as a client with redirect: 'manual' sees them.
  const res = await fetch(`${sim.apiUrl}${path}`, { method: init.method ?? 'GET', headers, redirect: 'manual', ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) })
  const text = await res.text()
  const json = (res.headers.get('content-type') ?? '').includes('json')
  return { status: res.status, headers: res.headers, body: (text && json ? JSON.parse(text) : text || null) as T }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** A webhook receiver on an ephemeral port that records requests and answers `status`. */
export const startReceiver = (t: TestLike, answer: { status?: number; delayMs?: number } = {}) => startHookReceiver(t, answer)

/** A GitHub App JWT signed with `privateKey` (RS256); claims default to what @octokit/auth-app sends (iat 30 s back, 10 minutes). */
export function appJwt(privateKey: string, claims: { iss?: unknown; iat?: unknown; exp?: unknown } = {}, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  const now = Math.floor(Date.now() / 1000)
  const payload = { iat: now - 30, exp: now - 30 + 600, ...claims }
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const signingInput = `${encode(header)}.${encode(payload)}`
  return `${signingInput}.${createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url')}`
}

/** The default seed's App's JWT (valid now). */
export const defaultAppJwt = (sim: GitHubSim, claims: { iss?: unknown; iat?: unknown; exp?: unknown } = {}): string =>
  appJwt(sim.control.app().privateKey, { iss: sim.control.app().id, ...claims })

/** Keys real payloads carry only sometimes (not checked by missingKeys unless asked). */
const OPTIONAL_KEYS: ReadonlySet<string> = new Set(['installation', 'enterprise', 'organization', 'performed_via_github_app', 'reactions', 'sub_issues_summary', 'issue_dependencies_summary', 'custom_properties'])

/** Keys GitHub's example has that ours lacks, walking nested objects a few levels down. */
export function missingKeys(ours: unknown, theirs: unknown, optional: ReadonlySet<string> = OPTIONAL_KEYS, path = '', depth = 3): string[] {
  if (depth < 0 || !theirs || typeof theirs !== 'object' || Array.isArray(theirs) || !ours || typeof ours !== 'object' || Array.isArray(ours)) return []
  const out: string[] = []
  for (const [key, value] of Object.entries(theirs)) {
    if (optional.has(key)) continue
    if (!(key in ours)) out.push(`${path}${key}`)
    else out.push(...missingKeys((ours as Record<string, unknown>)[key], value, optional, `${path}${key}.`, depth - 1))
  }
  return out
}
