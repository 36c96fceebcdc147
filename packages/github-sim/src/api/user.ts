import type { FastifyInstance } from 'fastify'
import type { SimContext } from '../context.ts'
import { appUserTokenGrant } from '../apps/grants.ts'
import { allows } from '../apps/permissions.ts'
import { GitHubError, notAccessibleByIntegration, validationFailed } from '../errors.ts'
import type { Repo, Token } from '../model.ts'
import { privateUser } from '../shapes/account.ts'
import { repository } from '../shapes/repo.ts'
import { appOfToken, hasScope, requireUser } from './access.ts'
import { type PageQuery, paginate } from './paging.ts'

interface ReposQuery extends PageQuery {
  visibility?: string
  affiliation?: string
  type?: string
  sort?: string
  direction?: string
}

const SORT_KEYS: Record<string, (repo: Repo) => string> = {
  full_name: (repo) => `${repo.owner}/${repo.name}`.toLowerCase(),
  created: (repo) => repo.createdAt,
  updated: (repo) => repo.updatedAt,
  pushed: (repo) => repo.pushedAt,
}

/** GET /user, /user/emails, /user/repos. */
export function userRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/user', async (req) => {
    const { user } = requireUser(ctx, req)
    const owned = [...ctx.store.repos.values()].filter((repo) => repo.owner === user.login)
    return privateUser(ctx.urls, user, {
      publicRepos: owned.filter((repo) => !repo.private).length,
      privateRepos: owned.filter((repo) => repo.private).length,
    })
  })

  app.get('/user/emails', async (req) => {
    const { token, user } = requireUser(ctx, req)
    const app = appOfToken(ctx, token)
    if (app && !allows(app.permissions, 'email_addresses', 'read')) throw notAccessibleByIntegration('https://docs.github.com/rest/users/emails#list-email-addresses-for-the-authenticated-user')
    if (!app && !hasScope(token, ['user', 'user:email'])) {
      throw new GitHubError(404, 'Not Found', { documentationUrl: 'https://docs.github.com/rest/users/emails#list-email-addresses-for-the-authenticated-user' })
    }
    if (!user.email) return []
    return [{ email: user.email, primary: true, verified: true, visibility: 'public' }]
  })

  app.get('/user/repos', async (req, reply) => {
    const { token, user } = requireUser(ctx, req)
    const query = req.query as ReposQuery
    if (query.type && (query.visibility || query.affiliation)) {
      throw validationFailed([{ resource: 'Search', field: 'q', code: 'invalid', message: 'If you specify visibility or affiliation, you cannot specify type.' }])
    }
    const type = query.type ?? 'all'
    if (!['all', 'owner', 'public', 'private', 'member'].includes(type)) throw validationFailed([{ resource: 'Repository', field: 'type', code: 'invalid' }])
    const visibility = query.visibility ?? 'all'
    if (!['all', 'public', 'private'].includes(visibility)) throw validationFailed([{ resource: 'Repository', field: 'visibility', code: 'invalid' }])
    const affiliations = (query.affiliation ?? 'owner,collaborator,organization_member').split(',').map((part) => part.trim())
    const sort = query.sort ?? 'full_name'
    const key = SORT_KEYS[sort]
    if (!key) throw validationFailed([{ resource: 'Repository', field: 'sort', code: 'invalid' }])
    const direction = query.direction ?? (sort === 'full_name' ? 'asc' : 'desc')

    // An App's user token lists what the App's installations reach; other tokens need `repo` for private repositories.
    const appToken = token.appId === undefined ? null : (token as Token & { appId: number })
    const repos = [...ctx.store.repos.values()].filter((repo) => {
      if (appToken ? appUserTokenGrant(ctx.store, appToken, repo) === null : repo.private && !hasScope(token, ['repo'])) return false
      const affiliation = ctx.store.affiliation(user.login, repo)
      if (affiliation === null) return false
      if (type === 'owner' && affiliation !== 'owner') return false
      if (type === 'member' && affiliation === 'owner') return false
      if (type === 'public' && repo.private) return false
      if (type === 'private' && !repo.private) return false
      if (visibility !== 'all' && (visibility === 'private') !== repo.private) return false
      return affiliations.includes(affiliation)
    })
    repos.sort((a, b) => key(a).localeCompare(key(b)) * (direction === 'asc' ? 1 : -1))
    return paginate(ctx, req, reply, repos).map((repo) =>
      repository(ctx.urls, repo, ctx.store.requireAccount(repo.owner), ctx.store.permission(user.login, repo)))
  })

  app.get('/rate_limit', async (req) => {
    const quota = req.simQuota!
    const core = { limit: quota.limit, used: quota.used, remaining: Math.max(0, quota.limit - quota.used), reset: quota.resetAt }
    const other = (limit: number) => ({ limit, used: 0, remaining: limit, reset: quota.resetAt })
    return { resources: { core, search: other(30), graphql: other(5000), integration_manifest: other(5000) }, rate: core }
  })
}
