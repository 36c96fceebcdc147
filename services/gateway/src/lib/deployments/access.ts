import { type EntityManager, type IRepository, Repository } from '@gwm/domain'
import { HttpError } from '@gwm/runtime'
import type { Principal } from '../auth/principal.ts'
import type { GitHubClients } from '../github/user-github.ts'

interface ReadRequest {
  principal: Principal | null
  em: EntityManager
}

// ILIKE without wildcards: "_" is a legal character of repository names.
const exactly = (text: string) => text.replace(/[\\%_]/g, '\\$&')

const userOf = (req: ReadRequest) => {
  if (req.principal?.kind !== 'user') throw new HttpError(401, 'unauthorized', 'sign in first: GET /auth/login')
  return req.principal
}

/**
 * The repository whose deployments a caller reads, by owner/name. The platform reads every
 * repository known here (404 otherwise). A user reads one they can see on GitHub, asked with
 * their token (GitHub's 404 otherwise); `repository` is null when nothing of it is known here yet.
 */
export async function readableRepository(github: GitHubClients, req: ReadRequest, owner: string, repo: string): Promise<{ repository: IRepository | null; fullName: string }> {
  if (req.principal?.kind === 'platform') {
    const repository = await req.em.findOne(Repository, { fullName: { $ilike: exactly(`${owner}/${repo}`) } }, { orderBy: { updatedAt: 'desc' } })
    if (!repository) throw new HttpError(404, 'not_found', `${owner}/${repo} is not known here: no event of it was ever received and nobody connected it`)
    return { repository, fullName: repository.fullName }
  }
  const summary = await github.forToken(userOf(req).githubToken).repo(owner, repo)
  return { repository: await req.em.findOne(Repository, { githubId: summary.id }), fullName: summary.fullName }
}

/**
 * Whether a caller may read what was deployed of a repository we hold: the platform always; a
 * user when GitHub shows them the repository (by its current name, the same repository id).
 */
export async function mayRead(github: GitHubClients, req: ReadRequest, repository: Pick<IRepository, 'fullName' | 'githubId'>): Promise<boolean> {
  if (req.principal?.kind === 'platform') return true
  const [owner = '', name = ''] = repository.fullName.split('/')
  try {
    const summary = await github.forToken(userOf(req).githubToken).repo(owner, name)
    return summary.id === repository.githubId
  } catch (err) {
    if (err instanceof HttpError && (err.statusCode === 404 || err.statusCode === 403)) return false
    throw err
  }
}
