import type { FastifyRequest } from 'fastify'
import { appUserTokenGrant, grantRole, installationTokenGrant } from '../apps/grants.ts'
import { allows } from '../apps/permissions.ts'
import type { SimContext } from '../context.ts'
import { GitHubError, notAccessibleByIntegration, notFound, requiresAuthentication } from '../errors.ts'
import type { Account, App, AppPermissions, Repo, Token } from '../model.ts'
import type { Permission } from '../seed.ts'
import { Store } from '../store.ts'

/** The signed-in user, or GitHub's 401 "Requires authentication" (403 for an installation token: it is no user). */
export function requireUser(ctx: SimContext, req: FastifyRequest): { token: Token; user: Account } {
  if (req.simInstallation) throw notAccessibleByIntegration()
  const token = req.simAuth
  const user = token ? ctx.store.account(token.login) : undefined
  if (!token || !user) throw requiresAuthentication()
  return { token, user }
}

/** Who acts: the signed-in user, or the App's bot for an installation token. */
export function actor(ctx: SimContext, req: FastifyRequest): Account {
  const installation = req.simInstallation?.installation
  const app = installation ? ctx.store.githubApps.get(installation.appId) : undefined
  return app ? ctx.store.botAccount(app) : requireUser(ctx, req).user
}

/** The GitHub App behind a user token (`ghu_`), if it is one. */
export const appOfToken = (ctx: SimContext, token: Token | null): App | undefined =>
  token?.appId === undefined ? undefined : ctx.store.githubApps.get(token.appId)

export const hasScope = (token: Token | null, wanted: string[]): boolean => token !== null && token.scopes.some((scope) => wanted.includes(scope))

/**
 * What the caller may do on a repository. `grant` is for GitHub App credentials: the permissions
 * they hold on it, or null for a public repository outside their reach (which they may read, as
 * anyone may); undefined for personal and OAuth tokens and anonymous callers.
 */
export interface RepoAccess {
  repo: Repo
  owner: Account
  permission: Permission | null
  grant?: AppPermissions | null
}

const RANK: Record<Permission, number> = { pull: 1, push: 2, admin: 3 }

/** An App credential's view of a repository: its grant there, or, outside its reach, public repositories read-only. */
function appAccess(repo: Repo, owner: Account, grant: AppPermissions | null, userPermission: Permission): RepoAccess {
  if (grant === null) {
    if (repo.private) throw notFound()
    return { repo, owner, permission: 'pull', grant: null }
  }
  const role = grantRole(grant)
  return { repo, owner, permission: RANK[role] < RANK[userPermission] ? role : userPermission, grant }
}

/**
 * The repo as the caller may see it: 404 when it does not exist, is private and the caller has no
 * access, or is private and the token lacks the `repo` scope (GitHub hides rather than forbids).
 */
export function visibleRepo(ctx: SimContext, req: FastifyRequest): RepoAccess {
  const { owner, repo: name } = req.params as { owner: string; repo: string }
  const repo = ctx.store.repo(owner, name)
  if (!repo) throw notFound()
  const account = ctx.store.requireAccount(repo.owner)
  if (req.simInstallation) return appAccess(repo, account, installationTokenGrant(ctx.store, req.simInstallation.token, repo), 'admin')
  const token = req.simAuth
  const login = token?.login ?? null
  let permission = ctx.store.permission(login, repo)
  if (token?.appId !== undefined) {
    if (permission === null) throw notFound()
    return appAccess(repo, account, appUserTokenGrant(ctx.store, token as Token & { appId: number }, repo), permission)
  }
  if (repo.private && !hasScope(token, ['repo'])) permission = null
  if (permission === null) throw notFound()
  return { repo, owner: account, permission }
}

/** App credentials need `name: level` on the repository (outside their reach: public reads only); others pass. */
export function requirePermission(access: RepoAccess, name: string, level: 'read' | 'write', documentationUrl?: string): void {
  if (access.grant === undefined) return
  if (access.grant === null ? level === 'read' : allows(access.grant, name, level)) return
  throw notAccessibleByIntegration(documentationUrl)
}

const HOOK_DOCS = 'https://docs.github.com/rest/repos/webhooks'

/**
 * Repository hooks need admin rights and a hook scope: a token without the scope, or a reader,
 * gets 404; a collaborator with push rights gets 403 "Must have admin rights to Repository.".
 * App credentials need the `repository_hooks` permission (App user tokens: and an admin user).
 */
export function adminRepo(ctx: SimContext, req: FastifyRequest, write: boolean): { repo: Repo; owner: Account } {
  const access = visibleRepo(ctx, req)
  const { repo, owner } = access
  if (access.grant !== undefined) {
    if (access.grant === null || !allows(access.grant, 'repository_hooks', write ? 'write' : 'read')) throw notAccessibleByIntegration(HOOK_DOCS)
    if (req.simInstallation) return { repo, owner }
  } else {
    const scopes = write ? ['repo', 'admin:repo_hook', 'write:repo_hook'] : ['repo', 'admin:repo_hook', 'write:repo_hook', 'read:repo_hook']
    if (!hasScope(req.simAuth, scopes)) throw notFound()
  }
  const userPermission = ctx.store.permission(req.simAuth?.login ?? null, repo)
  if (!Store.hasAtLeast(userPermission, 'admin')) {
    if (Store.hasAtLeast(userPermission, 'push')) throw new GitHubError(403, 'Must have admin rights to Repository.', { documentationUrl: HOOK_DOCS })
    throw notFound()
  }
  return { repo, owner }
}
