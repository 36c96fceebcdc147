import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { grantRole, installationTokenGrant } from '../apps/grants.ts'
import { installationObject } from '../apps/installations.ts'
import type { SimContext } from '../context.ts'
import { GitHubError, notFound, requiresAuthentication } from '../errors.ts'
import type { Account, Installation, Repo } from '../model.ts'
import type { Permission } from '../seed.ts'
import { repository } from '../shapes/repo.ts'
import { appOfToken, hasScope, requireUser } from './access.ts'
import { paginate } from './paging.ts'

/** Whether a user may see an installation: on their own account, or an org they belong to. */
const userReaches = (user: Account, account: Account): boolean =>
  account.login.toLowerCase() === user.login.toLowerCase() || account.members.has(user.login.toLowerCase())

/** What an installation's repository lists look like: total, selection, one page of repositories. */
function repositoryPage(ctx: SimContext, req: FastifyRequest, reply: FastifyReply, selection: string, repos: Array<[Repo, Permission | null]>) {
  return {
    total_count: repos.length,
    repository_selection: selection,
    repositories: paginate(ctx, req, reply, repos).map(([repo, permission]) => repository(ctx.urls, repo, ctx.store.requireAccount(repo.owner), permission)),
  }
}

/** The repositories an installation token reaches, and the installations (and their repositories) a user reaches. */
export function installationRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/installation/repositories', async (req, reply) => {
    const auth = req.simInstallation
    if (!auth) {
      if (req.simAuth) throw new GitHubError(403, 'You must authenticate with an installation access token to access this endpoint.', { documentationUrl: 'https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation' })
      throw requiresAuthentication()
    }
    const repos = ctx.store.coveredRepos(auth.installation).flatMap((repo): Array<[Repo, Permission]> => {
      const grant = installationTokenGrant(ctx.store, auth.token, repo)
      return grant ? [[repo, grantRole(grant)]] : []
    })
    const selection = auth.token.repositoryIds === null ? auth.installation.repositorySelection : 'selected'
    return repositoryPage(ctx, req, reply, selection, repos)
  })

  /** The installations the user reaches (an App's user token: of that App only). */
  const reachable = (req: FastifyRequest): { user: Account; installations: Installation[] } => {
    const { token, user } = requireUser(ctx, req)
    const onlyApp = appOfToken(ctx, token)
    const installations = [...ctx.store.installations.values()]
      .filter((installation) => (onlyApp === undefined || installation.appId === onlyApp.id) && userReaches(user, ctx.store.requireAccount(installation.account)))
      .sort((a, b) => a.id - b.id)
    return { user, installations }
  }

  app.get('/user/installations', async (req, reply) => {
    const { installations } = reachable(req)
    return {
      total_count: installations.length,
      installations: paginate(ctx, req, reply, installations).map((installation) => installationObject(ctx, installation, ctx.store.githubApps.get(installation.appId)!)),
    }
  })

  app.get('/user/installations/:installation_id/repositories', async (req, reply) => {
    const { user, installations } = reachable(req)
    const { installation_id: id } = req.params as { installation_id: string }
    const installation = installations.find((candidate) => String(candidate.id) === id)
    if (!installation) throw notFound()
    const token = req.simAuth!
    const repos = ctx.store.coveredRepos(installation).flatMap((repo): Array<[Repo, Permission]> => {
      const permission = ctx.store.permission(user.login, repo)
      if (permission === null || (repo.private && token.appId === undefined && !hasScope(token, ['repo']))) return []
      return [[repo, permission]]
    })
    return repositoryPage(ctx, req, reply, installation.repositorySelection, repos)
  })
}
