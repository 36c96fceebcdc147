import type { GitHubClient } from './client.ts'
import { type Conditional, conditional } from './conditional.ts'
import { GitHubApiError } from './errors.ts'
import { mapped } from './map-error.ts'
import { type Page, pageArgs, parseLink } from './paging.ts'

export interface CommitSummary {
  sha: string
  message: string
  authorName: string | null
  authorLogin: string | null
  authoredAt: string | null
  htmlUrl: string
}

export interface ListCommitsOptions {
  owner: string
  repo: string
  /** Branch, tag or SHA to start from (default: the default branch). */
  sha?: string
  page?: number
  perPage?: number
  /** The ETag of the last answer for the same page: a 304 costs no rate limit. */
  etag?: string
}

/**
 * One page of commits (GET /repos/{o}/{r}/commits). An empty repository (GitHub's 409) is an
 * empty page, not an error.
 */
export async function listCommitsPage(github: GitHubClient, options: ListCommitsOptions): Promise<Conditional<Page<CommitSummary>>> {
  const { page, per_page } = pageArgs(options.page, options.perPage)
  try {
    return await conditional(
      options.etag,
      (headers) => github.rest.repos.listCommits({ owner: options.owner, repo: options.repo, page, per_page, headers, ...(options.sha ? { sha: options.sha } : {}) }),
      (res) => {
        const links = parseLink(res.headers.link)
        const items = res.data.map((commit) => ({
          sha: commit.sha,
          message: commit.commit.message,
          authorName: commit.commit.author?.name ?? null,
          authorLogin: commit.author && 'login' in commit.author ? commit.author.login : null,
          authoredAt: commit.commit.author?.date ?? null,
          htmlUrl: commit.html_url,
        }))
        return { items, page, perPage: per_page, nextPage: links.next, lastPage: links.last ?? (links.next ? null : page) }
      },
    )
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 409) return { notModified: false, items: [], page, perPage: per_page, nextPage: null, lastPage: page, etag: null }
    throw error
  }
}

export interface BranchSummary {
  name: string
  sha: string
  protected: boolean
}

/** One page of branches (GET /repos/{o}/{r}/branches). */
export async function listBranchesPage(github: GitHubClient, options: { owner: string; repo: string; page?: number; perPage?: number }): Promise<Page<BranchSummary>> {
  const { page, per_page } = pageArgs(options.page, options.perPage)
  const res = await mapped(() => github.rest.repos.listBranches({ owner: options.owner, repo: options.repo, page, per_page }))
  const links = parseLink(res.headers.link)
  return {
    items: res.data.map((branch) => ({ name: branch.name, sha: branch.commit.sha, protected: branch.protected })),
    page, perPage: per_page, nextPage: links.next, lastPage: links.last ?? (links.next ? null : page),
  }
}
