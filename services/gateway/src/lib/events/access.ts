import { type EntityManager, type IRepository, Webhook } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import type { FastifyBaseLogger } from 'fastify'
import { type Principal, signedIn } from '../auth/principal.ts'
import { pgArray } from '../db/pg-array.ts'
import type { GitHubClients } from '../github/user-github.ts'

/** Which repositories (our ids) a caller may read events of: the platform reads all. */
export type Visibility = { all: true } | { all: false; repositoryIds: readonly string[] }

/** 10 pages of 100: beyond them, a repository the user connected is asked about by name. */
const MAX_PAGES = 10

/** What visibility needs of a request: who made it (set by app.require*), its em and logger. */
interface AccessRequest {
  principal: Principal | null
  em: EntityManager
  log: FastifyBaseLogger
}

export interface EventsAccess {
  /** The repositories this request's caller may read events of. 503 when GitHub cannot be asked. */
  visibility(req: AccessRequest): Promise<Visibility>
  /**
   * For replay: the caller administers the event's repository on GitHub right now, asked
   * without the cache. 404 when they cannot see it, 403 without admin, 503 when GitHub cannot be asked.
   */
  requireAdmin(req: AccessRequest, repository: Pick<IRepository, 'githubId' | 'fullName'> | null): Promise<void>
  /** Drops what is remembered of a user's administered repositories. */
  forget(userId: string): void
}

interface AdminList {
  at: number
  githubIds: Set<number>
  /** false when the user has more repositories than MAX_PAGES lists. */
  complete: boolean
}

/**
 * GitHub's answer about access is the only source: a 401 (token revoked) stays a 401, which ends
 * the session; anything else that keeps us from asking (down, rate limited) is a 503, never a guess.
 */
async function askingGitHub<T>(req: AccessRequest, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (!(err instanceof HttpError) || err.statusCode === 401) throw err
    req.log.warn({ err }, 'events: GitHub could not be asked what the user may access')
    const retryAfter = err.headers['retry-after'] ?? '30'
    throw new HttpError(503, 'github_unavailable', `GitHub could not be asked which repositories you may access (${err.message}): events are shown only for repositories GitHub confirms, try again in ${retryAfter} s`, { 'retry-after': retryAfter })
  }
}

/**
 * A user sees the events of the repositories they administer on GitHub right now, asked with
 * their token and remembered for ttlMs per user. Having connected a repository once grants
 * nothing by itself; when GitHub cannot be asked, a user sees nothing (503).
 */
export function createEventsAccess(github: GitHubClients, ttlMs: number): EventsAccess {
  const adminCache = new Map<string, AdminList>()
  async function adminList(userId: string, token: string): Promise<AdminList> {
    const cached = adminCache.get(userId)
    if (cached && Date.now() - cached.at < ttlMs) return cached
    const gh = github.forToken(token)
    const githubIds = new Set<number>()
    let page: number | null = 1
    while (page !== null && page <= MAX_PAGES) {
      const result = await gh.repos({ page, perPage: 100, sort: 'full_name', affiliation: 'owner,collaborator,organization_member' })
      for (const repo of result.items) if (repo.permissions?.admin) githubIds.add(repo.id)
      page = result.nextPage
    }
    const list = { at: Date.now(), githubIds, complete: page === null }
    if (adminCache.size > 10_000) adminCache.clear()
    if (ttlMs > 0) adminCache.set(userId, list)
    return list
  }

  /** The user's rights on one repository, asked now: GitHub's 404 or 403 (SSO, say) means none. */
  async function rightsOn(token: string, repository: Pick<IRepository, 'githubId' | 'fullName'>): Promise<'admin' | 'read' | 'none'> {
    const [owner = '', name = ''] = repository.fullName.split('/')
    try {
      const summary = await github.forToken(token).repo(owner, name)
      if (summary.id !== repository.githubId) return 'none'
      return summary.permissions?.admin ? 'admin' : 'read'
    } catch (err) {
      if (err instanceof HttpError && (err.statusCode === 404 || err.statusCode === 403)) return 'none'
      throw err
    }
  }

  async function visibility(req: AccessRequest): Promise<Visibility> {
    if (req.principal?.kind === 'platform') return { all: true }
    const { user, githubToken } = signedIn(req)
    const admin = await askingGitHub(req, () => adminList(user.id, githubToken))
    const githubIds = [...admin.githubIds]
    if (!admin.complete) {
      const connected = await req.em.find(Webhook, { connectedBy: user.id }, { populate: ['repository'] })
      for (const { repository } of connected) {
        if (admin.githubIds.has(repository.githubId)) continue
        if ((await askingGitHub(req, () => rightsOn(githubToken, repository))) === 'admin') githubIds.push(repository.githubId)
      }
    }
    if (githubIds.length === 0) return { all: false, repositoryIds: [] }
    // Ids alone, as rows: every list, detail and stream asks this, and an admin of a thousand
    // repositories would otherwise cost a thousand entities in the identity map each time.
    const rows = await req.em.execute<Array<{ id: string }>>('select id from repositories where github_id = any(?::bigint[])', [pgArray(githubIds.map(String))])
    return { all: false, repositoryIds: rows.map((row) => row.id) }
  }

  async function requireAdmin(req: AccessRequest, repository: Pick<IRepository, 'githubId' | 'fullName'> | null) {
    if (req.principal?.kind === 'platform') return
    const { githubToken } = signedIn(req)
    const rights = repository ? await askingGitHub(req, () => rightsOn(githubToken, repository)) : 'none'
    if (rights === 'admin') return
    if (rights === 'none' || !repository) throw new HttpError(404, 'not_found', 'no event with this delivery id that you can see: check GET /api/events')
    throw new HttpError(403, 'forbidden', `you need admin rights on ${repository.fullName} on GitHub to replay its events: ask an admin of the repository`)
  }

  return {
    visibility,
    requireAdmin,
    forget: (userId) => {
      adminCache.delete(userId)
    },
  }
}
