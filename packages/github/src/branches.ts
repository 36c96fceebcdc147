import type { GitHubClient } from './client.ts'
import { NotFoundError } from './errors.ts'
import type { RepoRef } from './hooks.ts'
import { mapped } from './map-error.ts'
import { parseLink } from './paging.ts'

/** A commit as a push payload describes it (head_commit, commits[]). */
export interface PushedCommit {
  sha: string
  treeSha: string
  message: string
  htmlUrl: string
  author: { name: string | null; email: string | null; date: string | null; login: string | null }
  committer: { name: string | null; email: string | null; date: string | null; login: string | null }
  added: string[]
  removed: string[]
  modified: string[]
}

/** What GitHub's compare API says of before...after. */
export interface Comparison {
  /** ahead: after descends from before; diverged / behind: it does not (a forced push). */
  status: 'ahead' | 'behind' | 'diverged' | 'identical'
  /** The commits after has and before has not, oldest first (GitHub lists at most 250). */
  shas: string[]
  htmlUrl: string
}

interface RawCommit {
  sha: string
  html_url: string
  commit: { message: string; tree: { sha: string }; author: { name?: string; email?: string; date?: string } | null; committer: { name?: string; email?: string; date?: string } | null }
  author: { login?: string } | null
  committer: { login?: string } | null
  files?: Array<{ filename: string; status: string; previous_filename?: string }>
}

const person = (git: { name?: string; email?: string; date?: string } | null, account: { login?: string } | null) =>
  ({ name: git?.name ?? null, email: git?.email ?? null, date: git?.date ?? null, login: account?.login ?? null })

/** The files of a commit, split as a push payload lists them (a rename is removed + added). */
function filesOf(raw: RawCommit): Pick<PushedCommit, 'added' | 'removed' | 'modified'> {
  const lists = { added: [] as string[], removed: [] as string[], modified: [] as string[] }
  for (const file of raw.files ?? []) {
    if (file.status === 'added' || file.status === 'copied') lists.added.push(file.filename)
    else if (file.status === 'removed') lists.removed.push(file.filename)
    else if (file.status === 'renamed') {
      lists.added.push(file.filename)
      if (file.previous_filename) lists.removed.push(file.previous_filename)
    } else lists.modified.push(file.filename)
  }
  return lists
}

/** A branch's head commit SHA (GET /repos/{o}/{r}/branches/{branch}); null when there is no such branch. */
export async function branchHead(github: GitHubClient, ref: RepoRef, branch: string): Promise<string | null> {
  try {
    const res = await mapped(() => github.rest.repos.getBranch({ owner: ref.owner, repo: ref.repo, branch }))
    return res.data.commit.sha
  } catch (error) {
    if (error instanceof NotFoundError) return null
    throw error
  }
}

/** Every branch and its head (GET /repos/{o}/{r}/branches), at most `maxPages` pages of 100. */
export async function branchHeads(github: GitHubClient, ref: RepoRef, maxPages = 10): Promise<{ heads: Map<string, string>; complete: boolean }> {
  const heads = new Map<string, string>()
  for (let page = 1; page <= maxPages; page++) {
    const res = await mapped(() => github.rest.repos.listBranches({ owner: ref.owner, repo: ref.repo, per_page: 100, page }))
    for (const branch of res.data) heads.set(branch.name, branch.commit.sha)
    if (!parseLink(res.headers.link).next) return { heads, complete: true }
  }
  return { heads, complete: false }
}

/** One commit with its files (GET /repos/{o}/{r}/commits/{sha}). */
export async function pushedCommit(github: GitHubClient, ref: RepoRef, sha: string): Promise<PushedCommit> {
  const res = await mapped(() => github.rest.repos.getCommit({ owner: ref.owner, repo: ref.repo, ref: sha }))
  const raw = res.data as unknown as RawCommit
  return {
    sha: raw.sha,
    treeSha: raw.commit.tree.sha,
    message: raw.commit.message,
    htmlUrl: raw.html_url,
    author: person(raw.commit.author, raw.author),
    committer: person(raw.commit.committer, raw.committer),
    ...filesOf(raw),
  }
}

/** before...after (GET /repos/{o}/{r}/compare/{basehead}); null when GitHub knows no such commits any more. */
export async function compareHeads(github: GitHubClient, ref: RepoRef, before: string, after: string): Promise<Comparison | null> {
  try {
    const res = await mapped(() => github.rest.repos.compareCommitsWithBasehead({ owner: ref.owner, repo: ref.repo, basehead: `${before}...${after}`, per_page: 100 }))
    return { status: res.data.status, shas: res.data.commits.map((commit) => commit.sha), htmlUrl: res.data.html_url }
  } catch (error) {
    if (error instanceof NotFoundError) return null
    throw error
  }
}
