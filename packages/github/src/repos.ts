import type { GitHubClient } from './client.ts'
import { type Conditional, conditional } from './conditional.ts'
import { mapped } from './map-error.ts'
import { type Page, pageArgs, parseLink } from './paging.ts'

export interface RepoSummary {
  id: number
  owner: string
  name: string
  fullName: string
  private: boolean
  description: string | null
  defaultBranch: string
  htmlUrl: string
  pushedAt: string | null
  updatedAt: string | null
  /** The caller's rights; a hook needs `admin`. */
  permissions: { admin: boolean; push: boolean; pull: boolean }
}

interface RawRepo {
  id: number
  name: string
  full_name: string
  owner: { login: string }
  private: boolean
  description: string | null
  default_branch?: string
  html_url: string
  pushed_at?: string | null
  updated_at?: string | null
  permissions?: { admin?: boolean; push?: boolean; pull?: boolean }
}

function toRepoSummary(repo: RawRepo): RepoSummary {
  return {
    id: repo.id,
    owner: repo.owner.login,
    name: repo.name,
    fullName: repo.full_name,
    private: repo.private,
    description: repo.description,
    defaultBranch: repo.default_branch ?? 'main',
    htmlUrl: repo.html_url,
    pushedAt: repo.pushed_at ?? null,
    updatedAt: repo.updated_at ?? null,
    permissions: { admin: repo.permissions?.admin ?? false, push: repo.permissions?.push ?? false, pull: repo.permissions?.pull ?? false },
  }
}

export interface ListReposOptions {
  page?: number
  perPage?: number
  sort?: 'created' | 'updated' | 'pushed' | 'full_name'
  direction?: 'asc' | 'desc'
  visibility?: 'all' | 'public' | 'private'
  affiliation?: string
  /** The ETag of the last answer for the same page: a 304 costs no rate limit. */
  etag?: string
}

/** One page of the signed-in user's repositories (GET /user/repos), with Link-based paging. */
export function listReposPage(github: GitHubClient, options: ListReposOptions = {}): Promise<Conditional<Page<RepoSummary>>> {
  const { page, per_page } = pageArgs(options.page, options.perPage)
  return conditional(
    options.etag,
    (headers) => github.rest.repos.listForAuthenticatedUser({
      page, per_page, headers,
      ...(options.sort ? { sort: options.sort } : {}),
      ...(options.direction ? { direction: options.direction } : {}),
      ...(options.visibility ? { visibility: options.visibility } : {}),
      ...(options.affiliation ? { affiliation: options.affiliation } : {}),
    }),
    (res) => {
      const links = parseLink(res.headers.link)
      return { items: res.data.map(toRepoSummary), page, perPage: per_page, nextPage: links.next, lastPage: links.last ?? (links.next ? null : page) }
    },
  )
}

/** One repository as the caller sees it; NotFoundError when it does not exist or is hidden. */
export async function getRepo(github: GitHubClient, owner: string, repo: string): Promise<RepoSummary> {
  const res = await mapped(() => github.rest.repos.get({ owner, repo }))
  return toRepoSummary(res.data)
}
