import { findApp } from '../apps/installations.ts'
import { permissionsProblem, withMetadata } from '../apps/permissions.ts'
import type { SimContext } from '../context.ts'
import { APP_EVENTS } from '../event-names.ts'
import { isoSeconds } from '../git.ts'
import type { App, AppPermissions } from '../model.ts'
import { checkSeed, type SeedApp } from '../seed.ts'
import { SimInputError } from '../webhooks/events.ts'

/** What the App's settings page shows its owner: the credentials a stack configures its App mode with. */
export interface AppCredentials {
  id: number
  slug: string
  name: string
  clientId: string
  clientSecret: string
  webhookUrl: string | null
  webhookSecret: string | null
  webhookContentType: 'json' | 'form'
  setupUrl: string | null
  /** The App's private key (PEM), as the settings page lets the owner download it. */
  privateKey: string
  /** The App hook's id (X-GitHub-Hook-ID of its deliveries). */
  hookId: number
  permissions: AppPermissions
  events: string[]
}

/** A change to an App's settings; null clears a URL or the secret. */
export interface AppEdit {
  webhookUrl?: string | null
  webhookSecret?: string | null
  /** How the App's webhook posts: json, or form (what an owner may pick on the settings page). */
  webhookContentType?: 'json' | 'form'
  setupUrl?: string | null
  /** New permissions: installations keep theirs until they accept (`acceptPermissions`). */
  permissions?: Record<string, 'read' | 'write'>
  events?: string[]
}

/** An installation as the simulator holds it. */
export interface SimInstallation {
  id: number
  app: string
  account: string
  repositorySelection: 'all' | 'selected'
  /** Full names of the repositories it reaches now. */
  repositories: string[]
  permissions: AppPermissions
  suspended: boolean
}

export function credentials(app: App): AppCredentials {
  return {
    id: app.id, slug: app.slug, name: app.name, clientId: app.clientId, clientSecret: app.clientSecret,
    webhookUrl: app.webhook.url, webhookSecret: app.webhook.secret, webhookContentType: app.webhook.contentType, setupUrl: app.setupUrl, privateKey: app.privateKey,
    hookId: app.hookId, permissions: { ...app.permissions }, events: [...app.events],
  }
}

export function addApp(ctx: SimContext, seed: SeedApp): AppCredentials {
  const users = [...ctx.store.accounts.values()].map((account) => ({ login: account.login }))
  const repos = [...ctx.store.repos.values()].map((repo) => ({ owner: repo.owner, name: repo.name }))
  checkSeed({ users, repos, apps: [seed] }, 'addApp')
  return credentials(ctx.store.addApp(seed))
}

const nullableUrl = (value: unknown, field: string): string | null => {
  if (value === null) return null
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new SimInputError(`${field} must be an http(s) URL or null`)
  return value
}

/** Changes an App's settings as its owner would on github.com (checked first: a rejected edit changes nothing). */
export function editApp(ctx: SimContext, slug: string, edit: AppEdit): AppCredentials {
  const app = findApp(ctx, slug)
  if (typeof edit !== 'object' || edit === null) throw new SimInputError('the edit must be an object')
  const next = { webhook: { ...app.webhook }, setupUrl: app.setupUrl, permissions: app.permissions, events: app.events }
  if (edit.webhookUrl !== undefined) next.webhook.url = nullableUrl(edit.webhookUrl, 'webhookUrl')
  if (edit.webhookSecret !== undefined) {
    if (edit.webhookSecret !== null && typeof edit.webhookSecret !== 'string') throw new SimInputError('webhookSecret must be a string or null')
    next.webhook.secret = edit.webhookSecret === '' ? null : edit.webhookSecret
  }
  if (edit.webhookContentType !== undefined) {
    if (edit.webhookContentType !== 'json' && edit.webhookContentType !== 'form') throw new SimInputError('webhookContentType must be "json" or "form"')
    next.webhook.contentType = edit.webhookContentType
  }
  if (edit.setupUrl !== undefined) next.setupUrl = nullableUrl(edit.setupUrl, 'setupUrl')
  if (edit.permissions !== undefined) {
    const problem = permissionsProblem(edit.permissions)
    if (problem) throw new SimInputError(`permissions ${problem}`)
    next.permissions = withMetadata(edit.permissions)
  }
  if (edit.events !== undefined) {
    if (!Array.isArray(edit.events) || edit.events.some((event) => !APP_EVENTS.has(event))) throw new SimInputError('events must be a list of event names an App can subscribe to')
    next.events = [...edit.events]
  }
  Object.assign(app, next, { updatedAt: isoSeconds(new Date()) })
  return credentials(app)
}

export function installations(ctx: SimContext, filter: { app?: string } = {}): SimInstallation[] {
  const only = filter.app === undefined ? undefined : findApp(ctx, filter.app)
  return [...ctx.store.installations.values()]
    .filter((installation) => only === undefined || installation.appId === only.id)
    .sort((a, b) => a.id - b.id)
    .map((installation) => ({
      id: installation.id,
      app: ctx.store.githubApps.get(installation.appId)!.slug,
      account: installation.account,
      repositorySelection: installation.repositorySelection,
      repositories: ctx.store.coveredRepos(installation).map((repo) => `${repo.owner}/${repo.name}`),
      permissions: { ...installation.permissions },
      suspended: installation.suspendedAt !== null,
    }))
}
