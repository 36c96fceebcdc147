import type { SimContext } from '../context.ts'
import { isoSeconds } from '../git.ts'
import type { Account, App, Delivery, Installation, Repo } from '../model.ts'
import { installationShape } from '../shapes/app.ts'
import type { Store } from '../store.ts'
import { installationPayload, installationRepositoriesPayload } from '../webhooks/app-payloads.ts'
import { SimInputError } from '../webhooks/events.ts'

/**
 * What people do with GitHub Apps on github.com: install one on an account (all or some
 * repositories), change which repositories it reaches, suspend, unsuspend, uninstall, accept new
 * permissions. Each changes the state as GitHub would and sends the App the webhook GitHub sends.
 */

/** The App a slug names (default: the only, or first, App). */
export function findApp(ctx: SimContext, slug?: string): App {
  const app = slug === undefined ? [...ctx.store.githubApps.values()][0] : ctx.store.appBySlug(slug)
  if (!app) throw new SimInputError(slug === undefined ? 'the simulator has no GitHub App' : `no GitHub App "${slug}"`)
  return app
}

function findInstallation(ctx: SimContext, id: number): { installation: Installation; app: App } {
  const installation = ctx.store.installations.get(Number(id))
  const app = installation ? ctx.store.githubApps.get(installation.appId) : undefined
  if (!installation || !app) throw new SimInputError(`no installation ${String(id)}`)
  return { installation, app }
}

/** Whether a user may install Apps on an account: their own, or an org they administer. */
export function canAdminister(user: Account, account: Account): boolean {
  if (account.type === 'User') return account.login.toLowerCase() === user.login.toLowerCase()
  return account.members.get(user.login.toLowerCase()) === 'admin'
}

/** The user acting on an account's installation: the named login (who must administer it), else the account or an org admin. */
function actorFor(ctx: SimContext, account: Account, login?: string): Account {
  if (login !== undefined) {
    const user = ctx.store.account(login)
    if (user?.type !== 'User') throw new SimInputError(`no user "${login}"`)
    if (!canAdminister(user, account)) throw new SimInputError(`${user.login} cannot manage Apps on ${account.login} (their own account, or an org they administer)`)
    return user
  }
  if (account.type === 'User') return account
  const admin = [...account.members.entries()].find(([, role]) => role === 'admin')?.[0]
  const user = admin ? ctx.store.account(admin) : undefined
  if (!user) throw new SimInputError(`say which user acts on ${account.login} ("sender")`)
  return user
}

/** Repositories of the account named by `name` or `owner/name`. */
function accountRepos(ctx: SimContext, account: Account, names: unknown): Repo[] {
  if (!Array.isArray(names) || names.length === 0 || names.some((name) => typeof name !== 'string')) {
    throw new SimInputError('repositories must be "all" or a non-empty list of repository names')
  }
  return (names as string[]).map((name) => {
    const [first, second] = name.split('/')
    const owner = second === undefined ? account.login : first!
    const repo = owner.toLowerCase() === account.login.toLowerCase() ? ctx.store.repo(account.login, second ?? first!) : undefined
    if (!repo) throw new SimInputError(`no repository "${name}" on ${account.login}`)
    return repo
  })
}

export const installationObject = (ctx: SimContext, installation: Installation, app: App): Record<string, unknown> =>
  installationShape(ctx.urls, installation, app, ctx.store.requireAccount(installation.account), installation.suspendedBy ? (ctx.store.account(installation.suspendedBy) ?? null) : null)

const touch = (installation: Installation) => {
  installation.updatedAt = isoSeconds(new Date())
}

export interface InstallInput {
  /** The App's slug (default: the first App). */
  app?: string
  /** The user or org to install on. */
  account: string
  /** "all" (default) or names of the account's repositories. */
  repositories?: 'all' | string[]
  /** Who installs (default: the account, or an org admin). */
  sender?: string
}

export interface InstallResult {
  id: number
  action: 'created' | 'updated'
  deliveries: Delivery[]
}

/**
 * Installs the App on an account, or (already installed) changes its repositories to the given
 * selection: sends `installation` `created`, or `installation_repositories` `added`/`removed`.
 */
export async function install(ctx: SimContext, input: InstallInput): Promise<InstallResult> {
  const app = findApp(ctx, input.app)
  const account = typeof input.account === 'string' ? ctx.store.account(input.account) : undefined
  if (!account || account.type === 'Bot') throw new SimInputError(`no user or org "${String(input.account)}" to install on`)
  const sender = actorFor(ctx, account, input.sender)
  const selection = input.repositories ?? 'all'
  const repos = selection === 'all' ? null : accountRepos(ctx, account, selection)
  const existing = ctx.store.installationOn(app.id, account.login)
  if (existing) return { id: existing.id, action: 'updated', deliveries: await select(ctx, app, existing, repos, sender) }
  const installation = ctx.store.addInstallation(app, { account: account.login, repositories: repos ? repos.map((repo) => repo.name) : 'all' })
  const payload = installationPayload(ctx.urls, 'created', installationObject(ctx, installation, app), ctx.store.coveredRepos(installation), sender)
  return { id: installation.id, action: 'created', deliveries: await ctx.sender.toApp(app, installation, 'installation', payload) }
}

/** Sets an installation's repositories (null: all) and sends what changed as `installation_repositories`. */
async function select(ctx: SimContext, app: App, installation: Installation, repos: Repo[] | null, sender: Account): Promise<Delivery[]> {
  const before = ctx.store.coveredRepos(installation)
  installation.repositorySelection = repos === null ? 'all' : 'selected'
  installation.repositoryIds = new Set(repos?.map((repo) => repo.id) ?? [])
  const after = ctx.store.coveredRepos(installation)
  const added = after.filter((repo) => !before.includes(repo))
  const removed = before.filter((repo) => !after.includes(repo))
  if (added.length === 0 && removed.length === 0) return []
  touch(installation)
  const change = { selection: installation.repositorySelection, added, removed }
  const payload = installationRepositoriesPayload(ctx.urls, added.length > 0 ? 'added' : 'removed', installationObject(ctx, installation, app), change, sender)
  return ctx.sender.toApp(app, installation, 'installation_repositories', payload)
}

export interface InstallationChange {
  installation: number
  repositories: string[]
  sender?: string
}

/** Adds repositories to a `selected` installation: `installation_repositories` `added`. */
export async function addRepositories(ctx: SimContext, input: InstallationChange): Promise<{ deliveries: Delivery[] }> {
  const { installation, app } = findInstallation(ctx, input.installation)
  const account = ctx.store.requireAccount(installation.account)
  const sender = actorFor(ctx, account, input.sender)
  if (installation.repositorySelection === 'all') throw new SimInputError(`installation ${installation.id} already reaches all of ${account.login}'s repositories`)
  const current = ctx.store.coveredRepos(installation)
  const repos = [...current, ...accountRepos(ctx, account, input.repositories).filter((repo) => !current.includes(repo))]
  return { deliveries: await select(ctx, app, installation, repos, sender) }
}

/** Removes repositories (from `all`, the rest become the selection): `installation_repositories` `removed`. */
export async function removeRepositories(ctx: SimContext, input: InstallationChange): Promise<{ deliveries: Delivery[] }> {
  const { installation, app } = findInstallation(ctx, input.installation)
  const account = ctx.store.requireAccount(installation.account)
  const sender = actorFor(ctx, account, input.sender)
  const leaving = new Set(accountRepos(ctx, account, input.repositories).map((repo) => repo.id))
  const remaining = ctx.store.coveredRepos(installation).filter((repo) => !leaving.has(repo.id))
  if (remaining.length === 0) throw new SimInputError('an installation keeps at least one repository: uninstall it instead')
  return { deliveries: await select(ctx, app, installation, remaining, sender) }
}

export interface InstallationAction {
  installation: number
  sender?: string
}

/** Suspends an installation (`by`: the App acting through the API, instead of a user of the account): its tokens stop working, no events reach the App but `installation` `suspend`. */
export async function suspend(ctx: SimContext, input: InstallationAction, by?: Account): Promise<{ deliveries: Delivery[] }> {
  const { installation, app } = findInstallation(ctx, input.installation)
  const sender = by ?? actorFor(ctx, ctx.store.requireAccount(installation.account), input.sender)
  if (installation.suspendedAt !== null) throw new SimInputError(`installation ${installation.id} is already suspended`)
  installation.suspendedAt = isoSeconds(new Date())
  installation.suspendedBy = sender.login
  touch(installation)
  const payload = installationPayload(ctx.urls, 'suspend', installationObject(ctx, installation, app), null, sender)
  return { deliveries: await ctx.sender.toApp(app, installation, 'installation', payload) }
}

export async function unsuspend(ctx: SimContext, input: InstallationAction, by?: Account): Promise<{ deliveries: Delivery[] }> {
  const { installation, app } = findInstallation(ctx, input.installation)
  const sender = by ?? actorFor(ctx, ctx.store.requireAccount(installation.account), input.sender)
  if (installation.suspendedAt === null) throw new SimInputError(`installation ${installation.id} is not suspended`)
  installation.suspendedAt = null
  installation.suspendedBy = null
  touch(installation)
  const payload = installationPayload(ctx.urls, 'unsuspend', installationObject(ctx, installation, app), null, sender)
  return { deliveries: await ctx.sender.toApp(app, installation, 'installation', payload) }
}

/** Uninstalls: the installation and its tokens are gone; `installation` `deleted`. */
export async function uninstall(ctx: SimContext, input: InstallationAction, by?: Account): Promise<{ deliveries: Delivery[] }> {
  const { installation, app } = findInstallation(ctx, input.installation)
  const sender = by ?? actorFor(ctx, ctx.store.requireAccount(installation.account), input.sender)
  const payload = installationPayload(ctx.urls, 'deleted', installationObject(ctx, installation, app), ctx.store.coveredRepos(installation), sender)
  removeInstallation(ctx.store, installation)
  return { deliveries: await ctx.sender.toApp(app, installation, 'installation', payload) }
}

/** Forgets an installation and revokes its tokens. */
function removeInstallation(store: Store, installation: Installation): void {
  store.installations.delete(installation.id)
  for (const [value, token] of store.installationTokens) if (token.installationId === installation.id) store.installationTokens.delete(value)
}

/** The account accepts the App's current permissions and events: `installation` `new_permissions_accepted`. */
export async function acceptPermissions(ctx: SimContext, input: InstallationAction): Promise<{ deliveries: Delivery[] }> {
  const { installation, app } = findInstallation(ctx, input.installation)
  const sender = actorFor(ctx, ctx.store.requireAccount(installation.account), input.sender)
  installation.permissions = { ...app.permissions }
  installation.events = [...app.events]
  touch(installation)
  const payload = installationPayload(ctx.urls, 'new_permissions_accepted', installationObject(ctx, installation, app), ctx.store.coveredRepos(installation), sender)
  return { deliveries: await ctx.sender.toApp(app, installation, 'installation', payload) }
}
