import type { FastifyInstance } from 'fastify'
import { diffFiles } from '../compare.ts'
import type { SimContext } from '../context.ts'
import { GitHubError, validationFailed } from '../errors.ts'
import { history, resolveRef } from '../git.ts'
import type { Repo } from '../model.ts'
import { parentOf, sourceOf } from '../network.ts'
import { branchShape, commitShape, shortBranch } from '../shapes/git.ts'
import { fullRepository, repository } from '../shapes/repo.ts'
import { requirePermission, visibleRepo } from './access.ts'
import { diffEntry } from './compare.ts'
import { type PageQuery, paginate } from './paging.ts'

interface CommitsQuery extends PageQuery {
  sha?: string
  path?: string
  author?: string
  since?: string
  until?: string
}

const emptyRepository = () => new GitHubError(409, 'Git Repository is empty.', { documentationUrl: 'https://docs.github.com/rest/commits/commits#list-commits' })

/** GET /repos/{o}/{r}, its commits and branches. */
export function repoRoutes(app: FastifyInstance, ctx: SimContext): void {
  const lookup = (login: string) => ctx.store.account(login)

  app.get('/repos/:owner/:repo', async (req) => {
    const { repo, owner, permission } = visibleRepo(ctx, req)
    const signedIn = req.simAuth !== null || req.simInstallation !== null
    const parent = parentOf(ctx.store, repo)
    // A fork's parent and source, each with what the caller may do there (the user's role; public reads otherwise).
    const origin = (of: Repo) => repository(ctx.urls, of, ctx.store.requireAccount(of.owner), ctx.store.permission(req.simAuth?.login ?? null, of) ?? 'pull')
    const origins = parent ? { parent: origin(parent), source: origin(sourceOf(ctx.store, repo)) } : undefined
    return fullRepository(ctx.urls, repo, owner, signedIn ? permission : null, origins)
  })

  app.get('/repos/:owner/:repo/commits', async (req, reply) => {
    const access = visibleRepo(ctx, req)
    requirePermission(access, 'contents', 'read', 'https://docs.github.com/rest/commits/commits#list-commits')
    const { repo } = access
    const query = req.query as CommitsQuery
    if (repo.commits.size === 0) throw emptyRepository()
    const head = resolveRef(repo, query.sha ?? repo.defaultBranch)
    if (!head) throw new GitHubError(404, `No commit found for SHA: ${query.sha}`, { documentationUrl: 'https://docs.github.com/rest/commits/commits#list-commits' })
    for (const field of ['since', 'until'] as const) {
      const value = query[field]
      if (value !== undefined && Number.isNaN(Date.parse(value))) throw validationFailed([{ resource: 'Commit', field, code: 'invalid' }])
    }
    const commits = history(repo, head).filter((commit) => {
      if (query.path && ![...commit.added, ...commit.removed, ...commit.modified].some((file) => file === query.path || file.startsWith(`${query.path}/`))) return false
      if (query.author && commit.author.login?.toLowerCase() !== query.author.toLowerCase() && commit.author.email !== query.author) return false
      if (query.since && Date.parse(commit.committer.date) < Date.parse(query.since)) return false
      if (query.until && Date.parse(commit.committer.date) > Date.parse(query.until)) return false
      return true
    })
    return paginate(ctx, req, reply, commits).map((commit) => commitShape(ctx.urls, repo, commit, lookup))
  })

  app.get('/repos/:owner/:repo/commits/:ref', async (req) => {
    const access = visibleRepo(ctx, req)
    requirePermission(access, 'contents', 'read', 'https://docs.github.com/rest/commits/commits#get-a-commit')
    const { repo } = access
    if (repo.commits.size === 0) throw emptyRepository()
    const { ref } = req.params as { ref: string }
    const sha = resolveRef(repo, ref)
    if (!sha) throw new GitHubError(422, `No commit found for SHA: ${ref}`, { documentationUrl: 'https://docs.github.com/rest/commits/commits#get-a-commit' })
    // A single commit comes with its files (against its first parent) and their line counts, as on GitHub.
    const commit = repo.commits.get(sha)!
    const parent = commit.parents[0] ? repo.commits.get(commit.parents[0]) : undefined
    const changes = diffFiles(parent?.files ?? new Map(), commit.files)
    const additions = changes.reduce((sum, file) => sum + file.additions, 0)
    const deletions = changes.reduce((sum, file) => sum + file.deletions, 0)
    return {
      ...commitShape(ctx.urls, repo, commit, lookup),
      stats: { total: additions + deletions, additions, deletions },
      files: changes.slice(0, 300).map((file) => diffEntry(ctx.urls, repo, file, parent?.sha ?? commit.sha, commit.sha)),
    }
  })

  app.get('/repos/:owner/:repo/branches', async (req, reply) => {
    const { repo } = visibleRepo(ctx, req)
    const { protected: onlyProtected } = req.query as { protected?: string }
    const branches = onlyProtected === 'true' ? [] : [...repo.branches.entries()].sort(([a], [b]) => a.localeCompare(b))
    return paginate(ctx, req, reply, branches).map(([name, sha]) => shortBranch(ctx.urls, repo, name, sha))
  })

  // A branch name may hold slashes (feature/login): everything after /branches/ names it.
  app.get('/repos/:owner/:repo/branches/*', async (req) => {
    const access = visibleRepo(ctx, req)
    requirePermission(access, 'contents', 'read', 'https://docs.github.com/rest/branches/branches#get-a-branch')
    const { repo } = access
    const name = decodeURIComponent((req.params as { '*': string })['*'])
    const sha = repo.branches.get(name)
    if (!sha) throw new GitHubError(404, 'Branch not found', { documentationUrl: 'https://docs.github.com/rest/branches/branches#get-a-branch' })
    return branchShape(ctx.urls, repo, name, commitShape(ctx.urls, repo, repo.commits.get(sha)!, lookup))
  })
}
