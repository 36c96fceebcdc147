import { type EntityManager, type IRepository, Repository } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import type { Principal } from '../auth/principal.ts'
import type { GitHubClients } from '../github/user-github.ts'
import { upsertRepository } from '../webhooks/target.ts'

/** Whose rules a request reads or changes, and who it is, for the version it writes. */
export interface RulesTarget {
  /** Our row; null when a user reads rules of a repository we hold no row of yet (the defaults apply). */
  repository: IRepository | null
  fullName: string
  /** A GitHub login, or "platform". */
  actor: string
}

interface RulesRequest {
  principal: Principal | null
  em: EntityManager
  params: { owner: string; repo: string }
}

// ILIKE without wildcards: "_" is a legal character of repository names.
const exactly = (text: string) => text.replace(/[\\%_]/g, '\\$&')

/**
 * The repository a deploy-rules request is about. The platform reaches every repository we hold
 * a row of (404 otherwise: there is nothing to attach rules to). A user must be an admin of it
 * on GitHub, asked with their token (404 when they cannot see it, 403 without admin); with
 * `create`, its row is made from GitHub's answer when there is none yet.
 */
export async function rulesTarget(github: GitHubClients, req: RulesRequest, create: boolean): Promise<RulesTarget> {
  const { owner, repo } = req.params
  const principal = req.principal
  if (principal?.kind === 'platform') {
    const repository = await req.em.findOne(Repository, { fullName: { $ilike: exactly(`${owner}/${repo}`) } }, { orderBy: { updatedAt: 'desc' } })
    if (!repository) {
      throw new HttpError(404, 'not_found', `${owner}/${repo} is not known here: no event of it was ever received and nobody connected it`)
    }
    return { repository, fullName: repository.fullName, actor: 'platform' }
  }
  if (principal?.kind !== 'user') throw new HttpError(401, 'unauthorized', 'sign in first: GET /auth/login')
  const summary = await github.forToken(principal.githubToken).repo(owner, repo)
  if (!summary.permissions?.admin) {
    throw new HttpError(403, 'forbidden', `you need admin rights on ${summary.fullName} to read or change its deploy rules: ask an admin of the repository`)
  }
  const repository = create ? await upsertRepository(req.em, summary) : await req.em.findOne(Repository, { githubId: summary.id })
  return { repository, fullName: summary.fullName, actor: principal.user.login }
}
