import type { FastifyInstance } from 'fastify'
import { compareCommits, type FileChange } from '../compare.ts'
import type { SimContext } from '../context.ts'
import { GitHubError, notFound } from '../errors.ts'
import { blobSha, resolveRef } from '../git.ts'
import type { Repo } from '../model.ts'
import { networkRepoOf } from '../network.ts'
import type { Urls } from '../shapes/account.ts'
import { commitShape } from '../shapes/git.ts'
import { requirePermission, visibleRepo } from './access.ts'
import { type PageQuery, paginate } from './paging.ts'

const COMPARE_DOCS = 'https://docs.github.com/rest/commits/commits#compare-two-commits'

/** Without page/per_page GitHub lists at most 250 commits of a comparison, and at most 300 files. */
const MAX_COMMITS = 250
const MAX_FILES = 300

/**
 * One side of `base...head`: a branch, tag or SHA of the repository, or `owner:ref` (or
 * `owner:repo:ref`) of a repository of its network (a fork).
 */
function sideOf(ctx: SimContext, repo: Repo, spec: string): { repo: Repo; sha: string } | null {
  const parts = spec.split(':')
  if (parts.length > 3 || parts.some((part) => part === '')) return null
  const ref = parts.at(-1)!
  const where = parts.length === 1 ? repo : networkRepoOf(ctx.store, repo, parts[0]!)
  if (!where || (parts.length === 3 && where.name.toLowerCase() !== parts[1]!.toLowerCase())) return null
  const sha = resolveRef(where, ref)
  return sha ? { repo: where, sha } : null
}

/** A file of a diff as GitHub lists it (compare, and a single commit's files). */
export function diffEntry(urls: Urls, repo: Repo, file: FileChange, mergeBaseSha: string, headSha: string): Record<string, unknown> {
  const at = file.after === null ? mergeBaseSha : headSha
  const path = encodeURI(file.filename)
  return {
    sha: blobSha(file.after ?? file.before!),
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${urls.web}/${repo.owner}/${repo.name}/blob/${at}/${path}`,
    raw_url: `${urls.web}/${repo.owner}/${repo.name}/raw/${at}/${path}`,
    contents_url: `${urls.api}/repos/${repo.owner}/${repo.name}/contents/${path}?ref=${at}`,
  }
}

/** GET …/compare/{base}...{head}: GitHub's three-dot comparison (what head has since the merge base), with files. */
export function compareRoutes(app: FastifyInstance, ctx: SimContext): void {
  const lookup = (login: string) => ctx.store.account(login)

  app.get('/repos/:owner/:repo/compare/*', async (req, reply) => {
    const access = visibleRepo(ctx, req)
    requirePermission(access, 'contents', 'read', COMPARE_DOCS)
    const { repo } = access
    const basehead = (req.params as Record<string, string>)['*'] ?? ''
    const dots = basehead.indexOf('...')
    if (dots === -1) throw notFound()
    const base = sideOf(ctx, repo, basehead.slice(0, dots))
    const head = sideOf(ctx, repo, basehead.slice(dots + 3))
    if (!base || !head) throw notFound()
    const commitOf = (sha: string) => repo.commits.get(sha) ?? head.repo.commits.get(sha) ?? base.repo.commits.get(sha)
    const comparison = compareCommits(commitOf, base.sha, head.sha)
    if (!comparison) throw new GitHubError(404, `No common ancestor between ${basehead.slice(0, dots)} and ${basehead.slice(dots + 3)}.`, { documentationUrl: COMPARE_DOCS })
    const query = req.query as PageQuery
    const paged = query.page !== undefined || query.per_page !== undefined
    const commits = paged ? paginate(ctx, req, reply, comparison.commits) : comparison.commits.slice(0, MAX_COMMITS)
    const firstPage = !paged || Number.parseInt(query.page ?? '1', 10) <= 1
    const api = `${ctx.urls.api}/repos/${repo.owner}/${repo.name}`
    const html = `${ctx.urls.web}/${repo.owner}/${repo.name}`
    const path = encodeURI(basehead)
    return {
      url: `${api}/compare/${path}`,
      html_url: `${html}/compare/${path}`,
      permalink_url: `${html}/compare/${base.repo.owner}:${base.sha.slice(0, 7)}...${head.repo.owner}:${head.sha.slice(0, 7)}`,
      diff_url: `${html}/compare/${path}.diff`,
      patch_url: `${html}/compare/${path}.patch`,
      base_commit: commitShape(ctx.urls, repo, commitOf(base.sha)!, lookup),
      merge_base_commit: commitShape(ctx.urls, repo, comparison.mergeBase, lookup),
      status: comparison.status,
      ahead_by: comparison.aheadBy,
      behind_by: comparison.behindBy,
      total_commits: comparison.aheadBy,
      commits: commits.map((commit) => commitShape(ctx.urls, repo, commit, lookup)),
      files: firstPage ? comparison.files.slice(0, MAX_FILES).map((file) => diffEntry(ctx.urls, repo, file, comparison.mergeBase.sha, head.sha)) : [],
    }
  })
}
