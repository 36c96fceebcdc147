import type { CommitsResult, GitHubClients, UserGitHub } from '../../plugins/app/github.ts'
import type { GhAccount, GhCommit, GhDelivery, GhHook, GhHookInput, GhRepo } from '../github-types.ts'
import { toHttpError } from './errors.ts'
import { GitHubFailure, githubRequest, nextLinkOf, nextPageOf, type RequestOptions } from './request.ts'

const hookBody = (input: GhHookInput) => ({
  active: true,
  events: [...input.events],
  // GitHub replaces the whole config on PATCH: always send all of it, secret included.
  config: { url: input.url, content_type: 'json', insecure_ssl: '0', secret: input.secret },
})

/** The gateway's GitHub calls for one user's token (see UserGitHub for the contract). */
export function userGitHub(apiUrl: string, token: string): UserGitHub {
  const call = async <T>(path: string, notFound: string, options?: RequestOptions) => {
    try {
      return await githubRequest<T>(apiUrl, token, path, options)
    } catch (error) {
      throw toHttpError(error, notFound)
    }
  }
  const repoPath = (owner: string, repo: string) => `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`
  const notVisible = (owner: string, repo: string) =>
    `repository ${owner}/${repo} does not exist or your GitHub account cannot see it`
  const noHooks = (owner: string, repo: string) =>
    `the webhooks of ${owner}/${repo} are not visible to you: it does not exist or you lack admin rights on it`

  return {
    async identity() {
      const { data: profile } = await call<GhAccount>('/user', 'your GitHub account was not found')
      let email = profile.email ?? null
      if (!email) {
        // A private address: the primary verified one, when the user:email scope allows it.
        const emails = await githubRequest<Array<{ email: string; primary: boolean; verified: boolean }>>(apiUrl, token, '/user/emails')
          .then((res) => res.data).catch(() => [])
        email = emails.find((entry) => entry.primary && entry.verified)?.email ?? null
      }
      return {
        identity: { id: profile.id, login: profile.login, name: profile.name ?? null, email, avatarUrl: profile.avatar_url ?? null },
        profile,
      }
    },

    async repos({ page, perPage, sort, affiliation }) {
      const res = await call<GhRepo[]>('/user/repos', 'repositories not found', {
        query: { page, per_page: perPage, sort, affiliation, direction: sort === 'full_name' ? 'asc' : 'desc' },
      })
      return { items: res.data, nextPage: nextPageOf(res.headers) }
    },

    async repo(owner, repo) {
      return (await call<GhRepo>(repoPath(owner, repo), notVisible(owner, repo))).data
    },

    async commits(owner, repo, { sha, page, perPage }, etag): Promise<CommitsResult> {
      const notFound = sha ? `no branch, tag or commit "${sha}" in ${owner}/${repo}, or the repository is not visible to you` : notVisible(owner, repo)
      try {
        const res = await githubRequest<GhCommit[]>(apiUrl, token, `${repoPath(owner, repo)}/commits`, {
          query: { sha, page, per_page: perPage },
          ...(etag ? { etag } : {}),
        })
        if (res.status === 304) return { notModified: true }
        return { notModified: false, page: { items: res.data, nextPage: nextPageOf(res.headers) }, etag: res.headers.get('etag') }
      } catch (error) {
        // An empty repository has no commits (GitHub: 409); an unknown sha is 404 or 422.
        if (error instanceof GitHubFailure && error.status === 409) return { notModified: false, page: { items: [], nextPage: null }, etag: null }
        if (error instanceof GitHubFailure && error.status === 422) throw toHttpError(new GitHubFailure(404, error.message, error.headers, null), notFound)
        throw toHttpError(error, notFound)
      }
    },

    async hooks(owner, repo) {
      const hooks: GhHook[] = []
      let page: number | null = 1
      while (page !== null && page <= 10) {
        const res: { data: GhHook[]; headers: Headers } = await call<GhHook[]>(`${repoPath(owner, repo)}/hooks`, noHooks(owner, repo), { query: { per_page: 100, page } })
        hooks.push(...res.data)
        page = nextPageOf(res.headers)
      }
      return hooks
    },

    async hook(owner, repo, hookId) {
      try {
        return (await githubRequest<GhHook>(apiUrl, token, `${repoPath(owner, repo)}/hooks/${hookId}`)).data
      } catch (error) {
        if (error instanceof GitHubFailure && error.status === 404) return null
        throw toHttpError(error, noHooks(owner, repo))
      }
    },

    async createHook(owner, repo, input) {
      try {
        const res = await githubRequest<GhHook>(apiUrl, token, `${repoPath(owner, repo)}/hooks`, {
          method: 'POST',
          body: { name: 'web', ...hookBody(input) },
        })
        return { hook: res.data, adopted: false }
      } catch (error) {
        const exists = error instanceof GitHubFailure && error.status === 422 &&
          JSON.stringify(error.body ?? {}).toLowerCase().includes('already exists')
        if (!exists) throw toHttpError(error, noHooks(owner, repo))
      }
      // Someone (or a racing request) made a hook with our URL meanwhile: adopt it.
      const hook = (await this.hooks(owner, repo)).find((candidate) => candidate.config.url === input.url)
      if (!hook) throw toHttpError(new GitHubFailure(502, 'hook reported as existing but not listed', new Headers(), null), '')
      return { hook, adopted: true }
    },

    async updateHook(owner, repo, hookId, input) {
      return (await call<GhHook>(`${repoPath(owner, repo)}/hooks/${hookId}`, noHooks(owner, repo), { method: 'PATCH', body: hookBody(input) })).data
    },

    async deleteHook(owner, repo, hookId) {
      try {
        await githubRequest(apiUrl, token, `${repoPath(owner, repo)}/hooks/${hookId}`, { method: 'DELETE' })
        return true
      } catch (error) {
        if (error instanceof GitHubFailure && error.status === 404) return false
        throw toHttpError(error, noHooks(owner, repo))
      }
    },

    async pingHook(owner, repo, hookId) {
      await call(`${repoPath(owner, repo)}/hooks/${hookId}/pings`, noHooks(owner, repo), { method: 'POST' })
    },

    async deliveries(owner, repo, hookId, limit) {
      const deliveries: GhDelivery[] = []
      let cursor: string | undefined
      while (deliveries.length < limit) {
        const res = await call<GhDelivery[]>(`${repoPath(owner, repo)}/hooks/${hookId}/deliveries`, noHooks(owner, repo), {
          query: { per_page: Math.min(100, limit - deliveries.length), cursor },
        })
        deliveries.push(...res.data)
        const next = nextLinkOf(res.headers)
        cursor = next ? (new URL(next).searchParams.get('cursor') ?? undefined) : undefined
        if (!cursor || res.data.length === 0) break
      }
      return deliveries.slice(0, limit)
    },

    async redeliver(owner, repo, hookId, deliveryId) {
      await call(`${repoPath(owner, repo)}/hooks/${hookId}/deliveries/${deliveryId}/attempts`, `delivery ${deliveryId} is no longer kept by GitHub`, { method: 'POST' })
    },
  }
}

export const createUserGitHubClients = (apiUrl: string): GitHubClients => ({
  forToken: (token) => userGitHub(apiUrl, token),
})
