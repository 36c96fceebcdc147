import type { Conditional, CommitSummary, DeliverySummary, HookInfo, Page, Profile, RedeliveryReport, RepoSummary } from '@gwm/github'
import { HttpError } from '@gwm/runtime'
import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../app.ts'
import { userGitHub } from '../../lib/github/user-github.ts'

/** Our hook as we want it on GitHub. */
export interface HookInput {
  url: string
  secret: string
  events: readonly string[]
}

/**
 * What the gateway asks GitHub on behalf of the signed-in user, over @gwm/github's helpers.
 * Every failure is already an HttpError: 404/403 as ours with a message about this repository,
 * rate limits as 429 with Retry-After, GitHub down as 502, a revoked token as 401.
 */
export interface UserGitHub {
  profile(): Promise<Profile>
  repos(query: { page: number; perPage: number; sort: 'created' | 'updated' | 'pushed' | 'full_name'; affiliation: string }): Promise<Page<RepoSummary>>
  repo(owner: string, repo: string): Promise<RepoSummary>
  /** With etag: GitHub answers 304 (free of rate limit) when nothing changed. */
  commits(owner: string, repo: string, query: { sha?: string; page: number; perPage: number }, etag?: string): Promise<Conditional<Page<CommitSummary>>>
  hooks(owner: string, repo: string): Promise<HookInfo[]>
  /** null when the hook no longer exists. */
  hook(owner: string, repo: string, hookId: number): Promise<HookInfo | null>
  /** Creates our hook, or updates the one already delivering to input.url (adopted). */
  ensureHook(owner: string, repo: string, input: HookInput): Promise<{ hook: HookInfo; action: 'created' | 'updated' | 'adopted' }>
  /** Puts the whole configuration back (url, json, secret, events, active). */
  updateHook(owner: string, repo: string, hookId: number, input: HookInput): Promise<HookInfo>
  /** false when it was already gone. */
  deleteHook(owner: string, repo: string, hookId: number): Promise<boolean>
  pingHook(owner: string, repo: string, hookId: number): Promise<void>
  /** Recent deliveries, newest first. */
  deliveries(owner: string, repo: string, hookId: number, options: { since?: Date; maxPages?: number }): Promise<DeliverySummary[]>
  redeliverFailed(owner: string, repo: string, hookId: number, since: Date): Promise<RedeliveryReport>
}

export interface GitHubClients {
  forToken(token: string): UserGitHub
}

declare module 'fastify' {
  interface FastifyInstance {
    github: GitHubClients
  }
}

export default fp<GatewayOptions>(async (app, { config }) => {
  app.decorate('github', {
    forToken: (token) => userGitHub({ baseUrl: config.GITHUB_API_URL, token, writeIntervalMs: config.GITHUB_WRITE_INTERVAL_MS }),
  } satisfies GitHubClients)

  // A token GitHub no longer accepts is worth nothing: end the session with the 401.
  app.addHook('onError', async (req, _reply, error) => {
    if (error instanceof HttpError && error.code === 'github_token_invalid') req.session.delete()
  })
}, { name: 'github', dependencies: ['secure-session'] })
