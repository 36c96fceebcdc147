import type { FastifyRequest } from 'fastify'
import { allows } from '../apps/permissions.ts'
import type { SimContext } from '../context.ts'
import { notAccessibleByIntegration, notFound, requiresAuthentication } from '../errors.ts'
import type { Account } from '../model.ts'
import type { Permission } from '../seed.ts'
import { integrationShape } from '../shapes/app.ts'
import { Store } from '../store.ts'
import { hasScope, type RepoAccess } from './access.ts'

/** Who writes (the user, or an App's bot for an installation token) and for which App. */
export interface Writer {
  login: string
  appId: number | null
}

export interface WriteRule {
  /** App credentials need write on one of these permissions. */
  permissions: string[]
  /** Classic tokens need one of these scopes (public repositories: `public_repo` too). */
  scopes: string[]
  /** The role a user needs on the repository. */
  role: Permission
  docs: string
}

/**
 * Checks a write the way GitHub does: App credentials by their permissions (403 "Resource not
 * accessible by integration"), users by their role and token scopes (404: GitHub hides rather
 * than forbids), anonymous callers 401.
 */
export function requireWriter(ctx: SimContext, req: FastifyRequest, access: RepoAccess, rule: WriteRule): Writer {
  if (access.grant !== undefined) {
    if (access.grant === null || !rule.permissions.some((name) => allows(access.grant!, name, 'write'))) throw notAccessibleByIntegration(rule.docs)
    const installation = req.simInstallation?.installation
    if (installation) return { login: ctx.store.botAccount(ctx.store.githubApps.get(installation.appId)!).login, appId: installation.appId }
  }
  const token = req.simAuth
  if (!token) throw requiresAuthentication()
  const scopes = access.repo.private ? rule.scopes : [...rule.scopes, 'public_repo']
  if (token.appId === undefined && !hasScope(token, scopes)) throw notFound()
  if (!Store.hasAtLeast(ctx.store.permission(token.login, access.repo), rule.role)) throw notFound()
  return { login: ctx.store.requireAccount(token.login).login, appId: token.appId ?? null }
}

/** The account a stored record names: an App's bot, a user, or GitHub's ghost for a deleted one. */
export function accountOf(ctx: SimContext, login: string, appId: number | null): Account {
  const app = appId === null ? undefined : ctx.store.githubApps.get(appId)
  if (app && login.endsWith('[bot]')) return ctx.store.botAccount(app)
  return ctx.store.account(login) ?? { id: 10137, login: 'ghost', name: null, email: null, type: 'User', createdAt: '2024-01-01T00:00:00Z', members: new Map() }
}

/** `performed_via_github_app`: the App a record was written through, or null. */
export function actingApp(ctx: SimContext, appId: number | null): Record<string, unknown> | null {
  const app = appId === null ? undefined : ctx.store.githubApps.get(appId)
  return app ? integrationShape(ctx.urls, app, ctx.store.requireAccount(app.owner)) : null
}
