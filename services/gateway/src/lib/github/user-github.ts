import {
  type CommitSummary,
  type Conditional,
  createGitHubClient,
  type DeliverySummary,
  deleteHook,
  ensureHook,
  getHook,
  getProfile,
  getRepo,
  type HookInfo,
  listCommitsPage,
  listDeliveries,
  listHooks,
  listReposPage,
  NotFoundError,
  type Page,
  pingHook,
  type Profile,
  type RedeliveryReport,
  redeliverFailed,
  type RepoSummary,
  updateHook,
  ValidationFailedError,
} from '@gwm/github'
import { type FailureWords, toHttpError } from './errors.ts'

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

/** GitHub clients for any user's token, against GITHUB_API_URL. */
export interface GitHubClients {
  forToken(token: string): UserGitHub
}

export interface UserGitHubOptions {
  baseUrl: string
  token: string
  writeIntervalMs: number
}

/**
 * A person is waiting on every call: one quick retry of a 5xx, and a rate limit is reported
 * at once (with GitHub's Retry-After) instead of being waited out.
 */
const INTERACTIVE = { timeoutMs: 10_000, retries: 1, retryBaseMs: 250, rateLimitRetries: 0 }

function userGitHub({ baseUrl, token, writeIntervalMs }: UserGitHubOptions): UserGitHub {
  const github = createGitHubClient({ baseUrl, token, writeIntervalMs, ...INTERACTIVE })
  const repoWords = (owner: string, repo: string): FailureWords => ({
    notFound: `repository ${owner}/${repo} does not exist or your GitHub account cannot see it`,
    needsAdmin: `you need admin rights on ${owner}/${repo} to manage its webhooks: ask an admin of the repository`,
  })
  const hookWords = (owner: string, repo: string): FailureWords => ({
    notFound: `the webhooks of ${owner}/${repo} are not visible to you: it does not exist or you lack admin rights on it`,
    needsAdmin: repoWords(owner, repo).needsAdmin!,
  })
  const call = async <T>(words: FailureWords, work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw toHttpError(error, words)
    }
  }
  const hookInput = (owner: string, repo: string, input: HookInput) =>
    ({ owner, repo, url: input.url, secret: input.secret, events: [...input.events], contentType: 'json' as const })

  return {
    profile: () => call({ notFound: 'your GitHub account was not found' }, () => getProfile(github)),

    repos: (query) => call({ notFound: 'your repositories could not be listed' }, async () => {
      const direction = query.sort === 'full_name' ? 'asc' : 'desc'
      const page = await listReposPage(github, { ...query, direction })
      if (page.notModified) throw new Error('GitHub answered 304 to an unconditional request')
      return page
    }),

    repo: (owner, repo) => call(repoWords(owner, repo), () => getRepo(github, owner, repo)),

    commits: (owner, repo, { sha, page, perPage }, etag) => {
      const words = sha ? { notFound: `no branch, tag or commit "${sha}" in ${owner}/${repo}, or the repository is not visible to you` } : repoWords(owner, repo)
      return call(words, async () => {
        try {
          return await listCommitsPage(github, { owner, repo, page, perPage, ...(sha ? { sha } : {}), ...(etag ? { etag } : {}) })
        } catch (error) {
          // An unknown sha is GitHub's 422 "No commit found": for the caller, not found.
          if (error instanceof ValidationFailedError && sha) throw new NotFoundError('not_found', error.message, { status: 404 })
          throw error
        }
      })
    },

    hooks: (owner, repo) => call(hookWords(owner, repo), () => listHooks(github, { owner, repo })),

    hook: (owner, repo, hookId) => call(hookWords(owner, repo), async () => {
      try {
        return await getHook(github, { owner, repo, hookId })
      } catch (error) {
        if (error instanceof NotFoundError) return null
        throw error
      }
    }),

    ensureHook: (owner, repo, input) => call(hookWords(owner, repo), () => ensureHook(github, hookInput(owner, repo, input))),

    updateHook: (owner, repo, hookId, input) =>
      call(hookWords(owner, repo), () => updateHook(github, { ...hookInput(owner, repo, input), hookId, active: true })),

    deleteHook: (owner, repo, hookId) => call(hookWords(owner, repo), () => deleteHook(github, { owner, repo, hookId })),

    pingHook: (owner, repo, hookId) => call(hookWords(owner, repo), () => pingHook(github, { owner, repo, hookId })),

    deliveries: (owner, repo, hookId, options) =>
      call(hookWords(owner, repo), () => listDeliveries(github, { owner, repo, hookId, ...options })),

    redeliverFailed: (owner, repo, hookId, since) =>
      call(hookWords(owner, repo), () => redeliverFailed(github, { owner, repo, hookId, since })),
  }
}

export function createGitHubClients({ baseUrl, writeIntervalMs }: Omit<UserGitHubOptions, 'token'>): GitHubClients {
  return { forToken: (token) => userGitHub({ baseUrl, token, writeIntervalMs }) }
}
