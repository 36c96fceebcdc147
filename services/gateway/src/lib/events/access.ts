import { type EntityManager, Repository, Webhook } from '@gwm/domain'
import type { FastifyBaseLogger } from 'fastify'
import { type Principal, signedIn } from '../auth/principal.ts'
import type { GitHubClients } from '../github/user-github.ts'

/** Which repositories (our ids) a caller may read events of: the platform reads all. */
export type Visibility = { all: true } | { all: false; repositoryIds: string[] }

const ADMIN_TTL_MS = 60_000
/** 10 pages of 100: users with more repositories see the rest only where they connected the hook. */
const MAX_PAGES = 10

/** What visibility needs of a request: who made it (set by app.require*), its em and logger. */
interface AccessRequest {
  principal: Principal | null
  em: EntityManager
  log: FastifyBaseLogger
}

export interface EventsAccess {
  /** The repositories this request's caller may read events of. */
  visibility(req: AccessRequest): Promise<Visibility>
  /** Drops what is remembered of a user's administered repositories. */
  forget(userId: string): void
}

/**
 * A user sees the repositories they connected (our Webhook row names them) or administer on
 * GitHub right now (asked with their token, remembered for a minute per user). When GitHub
 * cannot be asked, they still see what they connected.
 */
export function createEventsAccess(github: GitHubClients): EventsAccess {
  const adminCache = new Map<string, { at: number; githubIds: number[] }>()

  async function adminGithubIds(userId: string, token: string): Promise<number[]> {
    const cached = adminCache.get(userId)
    if (cached && Date.now() - cached.at < ADMIN_TTL_MS) return cached.githubIds
    const gh = github.forToken(token)
    const githubIds: number[] = []
    for (let page: number | null = 1; page !== null && page <= MAX_PAGES; ) {
      const result = await gh.repos({ page, perPage: 100, sort: 'full_name', affiliation: 'owner,collaborator,organization_member' })
      for (const repo of result.items) if (repo.permissions?.admin) githubIds.push(repo.id)
      page = result.nextPage
    }
    if (adminCache.size > 10_000) adminCache.clear()
    adminCache.set(userId, { at: Date.now(), githubIds })
    return githubIds
  }

  async function visibility(req: AccessRequest): Promise<Visibility> {
    if (req.principal?.kind === 'platform') return { all: true }
    const { user, githubToken } = signedIn(req)
    const em: EntityManager = req.em
    const connected = await em.find(Webhook, { connectedBy: user.id }, { fields: ['repository'] })
    const ids = new Set(connected.map((hook) => hook.repository.id))
    try {
      const githubIds = await adminGithubIds(user.id, githubToken)
      if (githubIds.length > 0) {
        for (const repo of await em.find(Repository, { githubId: { $in: githubIds } }, { fields: ['id'] })) ids.add(repo.id)
      }
    } catch (err) {
      req.log.warn({ err }, 'events: GitHub did not list the user\'s repositories; showing connected ones only')
    }
    return { all: false, repositoryIds: [...ids] }
  }

  return {
    visibility,
    forget: (userId) => {
      adminCache.delete(userId)
    },
  }
}

/** A MikroORM filter on WebhookEvent.repository for a visibility. */
export const repositoryFilter = (visible: Visibility) => (visible.all ? {} : { repository: { $in: visible.repositoryIds } })
