import fp from 'fastify-plugin'
import type { GatewayOptions } from '../../app.ts'
import type { GhAccount, GhCommit, GhDelivery, GhHook, GhHookInput, GhPage, GhRepo } from '../../lib/github-types.ts'
import { createUserGitHubClients } from '../../lib/github/user-github.ts'
import type { GitHubIdentity } from '../../lib/users.ts'

export interface CommitsQuery {
  sha?: string
  page: number
  perPage: number
}

export type CommitsResult =
  | { notModified: true }
  | { notModified: false; page: GhPage<GhCommit>; etag: string | null }

/**
 * What the gateway asks GitHub on behalf of the signed-in user. Every failure is already an
 * HttpError: 404/403 from GitHub as ours, rate limits as 429 with Retry-After, GitHub down
 * as 502, a revoked token as 401.
 */
export interface UserGitHub {
  identity(): Promise<{ identity: GitHubIdentity; profile: GhAccount }>
  repos(query: { page: number; perPage: number; sort?: string; affiliation?: string }): Promise<GhPage<GhRepo>>
  repo(owner: string, repo: string): Promise<GhRepo>
  /** With etag: GitHub answers 304 (free of rate limit) when nothing changed. */
  commits(owner: string, repo: string, query: CommitsQuery, etag?: string): Promise<CommitsResult>
  hooks(owner: string, repo: string): Promise<GhHook[]>
  /** null when the hook no longer exists. */
  hook(owner: string, repo: string, hookId: number): Promise<GhHook | null>
  /** Creates our hook; when GitHub says one with this URL exists (422), returns it instead, adopted: true. */
  createHook(owner: string, repo: string, input: GhHookInput): Promise<{ hook: GhHook; adopted: boolean }>
  updateHook(owner: string, repo: string, hookId: number, input: GhHookInput): Promise<GhHook>
  /** false when it was already gone. */
  deleteHook(owner: string, repo: string, hookId: number): Promise<boolean>
  pingHook(owner: string, repo: string, hookId: number): Promise<void>
  /** The most recent deliveries, newest first, up to limit. */
  deliveries(owner: string, repo: string, hookId: number, limit: number): Promise<GhDelivery[]>
  redeliver(owner: string, repo: string, hookId: number, deliveryId: number): Promise<void>
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
  app.decorate('github', createUserGitHubClients(config.GITHUB_API_URL))
}, { name: 'github' })
