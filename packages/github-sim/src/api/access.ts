import type { FastifyRequest } from 'fastify'
import type { SimContext } from '../context.ts'
import { GitHubError, notFound, requiresAuthentication } from '../errors.ts'
import type { Account, Repo, Token } from '../model.ts'
import type { Permission } from '../seed.ts'
import { Store } from '../store.ts'

/** The signed-in user, or GitHub's 401 "Requires authentication". */
export function requireUser(ctx: SimContext, req: FastifyRequest): { token: Token; user: Account } {
  const token = req.simAuth
  const user = token ? ctx.store.account(token.login) : undefined
  if (!token || !user) throw requiresAuthentication()
  return { token, user }
}

export const hasScope = (token: Token | null, wanted: string[]): boolean => token !== null && token.scopes.some((scope) => wanted.includes(scope))

/**
 * The repo as the caller may see it: 404 when it does not exist, is private and the caller has no
 * access, or is private and the token lacks the `repo` scope (GitHub hides rather than forbids).
 */
export function visibleRepo(ctx: SimContext, req: FastifyRequest): { repo: Repo; owner: Account; permission: Permission | null } {
  const { owner, repo: name } = req.params as { owner: string; repo: string }
  const repo = ctx.store.repo(owner, name)
  if (!repo) throw notFound()
  const login = req.simAuth?.login ?? null
  let permission = ctx.store.permission(login, repo)
  if (repo.private && !hasScope(req.simAuth, ['repo'])) permission = null
  if (permission === null) throw notFound()
  return { repo, owner: ctx.store.requireAccount(repo.owner), permission }
}

/**
 * Repository hooks need admin rights and a hook scope: a token without the scope, or a reader,
 * gets 404; a collaborator with push rights gets 403 "Must have admin rights to Repository.".
 */
export function adminRepo(ctx: SimContext, req: FastifyRequest, write: boolean): { repo: Repo; owner: Account } {
  const { repo, owner, permission } = visibleRepo(ctx, req)
  const scopes = write ? ['repo', 'admin:repo_hook', 'write:repo_hook'] : ['repo', 'admin:repo_hook', 'write:repo_hook', 'read:repo_hook']
  if (!hasScope(req.simAuth, scopes)) throw notFound()
  if (!Store.hasAtLeast(permission, 'admin')) {
    if (Store.hasAtLeast(permission, 'push')) {
      throw new GitHubError(403, 'Must have admin rights to Repository.', { documentationUrl: 'https://docs.github.com/rest/repos/webhooks' })
    }
    throw notFound()
  }
  return { repo, owner }
}
