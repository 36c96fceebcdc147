import { type EntityManager, type IRepository, Repository } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import type { Principal } from '../auth/principal.ts'
import type { GitHubClients } from '../github/user-github.ts'

interface TargetRequest {
  principal: Principal | null
  em: EntityManager
  params: { owner: string; repo: string }
}

// ILIKE without wildcards: "_" is a legal character of repository names.
const exactly = (text: string) => text.replace(/[\\%_]/g, '\\$&')

/**
 * The repository whose failed requests are replayed, with the single replay's rules: the platform
 * reaches every repository known here, a user one they administer on GitHub now (asked with their
 * token: 404 when they cannot see it, 403 without admin). 404 when nothing of it was ever stored.
 */
export async function replayTarget(github: GitHubClients, req: TargetRequest): Promise<IRepository> {
  const { owner, repo } = req.params
  const principal = req.principal
  const unknown = () => new HttpError(404, 'not_found', `${owner}/${repo} is not known here: no event of it was ever received, so it has no requests to replay`)
  if (principal?.kind === 'platform') {
    const repository = await req.em.findOne(Repository, { fullName: { $ilike: exactly(`${owner}/${repo}`) } }, { orderBy: { updatedAt: 'desc' } })
    if (!repository) throw unknown()
    return repository
  }
  if (principal?.kind !== 'user') throw new HttpError(401, 'unauthorized', 'sign in first: GET /auth/login')
  const summary = await github.forToken(principal.githubToken).repo(owner, repo)
  if (!summary.permissions?.admin) {
    throw new HttpError(403, 'forbidden', `you need admin rights on ${summary.fullName} on GitHub to replay its deployment requests: ask an admin of the repository`)
  }
  const repository = await req.em.findOne(Repository, { githubId: summary.id })
  if (!repository) throw unknown()
  return repository
}

interface FailedRequeued {
  /** The requests set back to pending, oldest failure first. */
  requestIds: string[]
  /** Failed requests since `since` are left beyond `limit`. */
  more: boolean
}

/**
 * Sets up to `limit` failed requests of a repository whose failure (last change) is at or after
 * `since` back to pending, oldest failure first, in one statement: a request already set back,
 * and not failed again since, is no longer failed, so two calls (even at once: SKIP LOCKED) never
 * take the same one.
 */
export async function requeueFailed(em: EntityManager, repositoryId: string, since: Date, limit: number): Promise<FailedRequeued> {
  const rows = await em.execute<Array<{ id: string }>>(
    `with picked as (
       select id, updated_at from deployment_requests
       where repository_id = ? and status = 'failed' and updated_at >= ?
       order by updated_at, id limit ? for update skip locked
     ), requeued as (
       update deployment_requests r set status = 'pending', next_attempt_at = now(), updated_at = now()
       from picked where r.id = picked.id
       returning r.id, picked.updated_at as failed_at
     )
     select id from requeued order by failed_at, id`,
    [repositoryId, since, limit],
  )
  const [left] = await em.execute<Array<{ more: boolean }>>(
    `select exists (select 1 from deployment_requests where repository_id = ? and status = 'failed' and updated_at >= ?) as more`,
    [repositoryId, since],
  )
  return { requestIds: rows.map((row) => row.id), more: Boolean(left?.more) }
}
