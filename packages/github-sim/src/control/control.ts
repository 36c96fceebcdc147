import { randomBytes } from 'node:crypto'
import * as installs from '../apps/installations.ts'
import type { SimContext } from '../context.ts'
import { isoSeconds, resolveRef } from '../git.ts'
import type { Delivery, HookConfig } from '../model.ts'
import { checkSeed, type Permission, type Seed, type SeedApp, type SeedOAuthApp, type SeedOrg, type SeedRepo, type SeedUser } from '../seed.ts'
import type { AuthorizeDecision, OutageSwitch, RateLimitSwitch } from '../switches.ts'
import * as checks from '../webhooks/checks.ts'
import * as events from '../webhooks/events.ts'
import * as forks from '../webhooks/forks.ts'
import * as labels from '../webhooks/labels.ts'
import * as apps from './apps.ts'
import * as readback from './deployments.ts'

const { findRepo, SimInputError } = events

const checkScope = (scope: unknown) => {
  if (scope !== undefined && scope !== 'all' && scope !== 'deployments') throw new SimInputError('scope must be "all" or "deployments"')
}

/** A hook as the simulator holds it, secret included (what github.com's settings page would show you). */
export interface SimHook {
  id: number
  repo: string
  url: string
  contentType: 'json' | 'form'
  secret: string | null
  events: string[]
  active: boolean
  lastResponse: { code: number | null; status: string; message: string | null }
}

export interface HookEdit {
  url?: string
  /** A new secret, or null to remove it. */
  secret?: string | null
  contentType?: 'json' | 'form'
  events?: string[]
  active?: boolean
}

export interface DeliveryFilter {
  repo?: string
  /** A GitHub App's slug: the deliveries to its webhook. */
  app?: string
  installationId?: number
  hookId?: number
  event?: string
  guid?: string
}

/**
 * The simulator's back door, for tests in-process (`sim.control`) and over HTTP (`/_sim/...`):
 * set up data, act as users on github.com (push, open pull requests, edit hooks), flip failure
 * switches, and read what was delivered.
 */
export class SimControl {
  private readonly ctx: SimContext
  private readonly initial: Seed

  constructor(ctx: SimContext, initial: Seed) {
    this.ctx = ctx
    this.initial = initial
  }

  /** Back to the starting seed (or a new one): data, hooks, deliveries, switches, quotas. */
  async reset(seed?: unknown): Promise<void> {
    const next = seed === undefined ? this.initial : checkSeed(seed, 'reset seed')
    await this.ctx.sender.idle()
    this.ctx.store.reset(structuredClone(next))
    this.ctx.switches.reset()
    this.ctx.quotas.clear()
  }

  addUser(user: SeedUser): { login: string; id: number; tokens: string[] } {
    checkSeed({ users: [user] }, 'addUser')
    const account = this.ctx.store.addUser(user)
    const tokens = [...this.ctx.store.tokens.values()].filter((token) => token.login === account.login).map((token) => token.token)
    return { login: account.login, id: account.id, tokens }
  }

  /**
   * Issues a new personal token for a user (default scopes: repo, admin:repo_hook, read:user,
   * user:email); with clientId, a token as that OAuth app's sign-in issues it (gho_, revocable by the app).
   */
  addToken(login: string, scopes?: string[], clientId?: string): string {
    const token = `${clientId ? 'gho' : 'ghp'}_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`
    this.ctx.store.addToken(login, token, scopes ?? ['repo', 'admin:repo_hook', 'read:user', 'user:email'], clientId ?? null)
    return token
  }

  revokeToken(token: string): boolean {
    return this.ctx.store.revokeToken(token)
  }

  /** Whether a user token was revoked (by its app through the API, or by revokeToken). */
  tokenRevoked(token: string): boolean {
    return this.ctx.store.revokedTokens.has(token)
  }

  addOrg(org: SeedOrg): { login: string; id: number } {
    const account = this.ctx.store.addOrg(org)
    return { login: account.login, id: account.id }
  }

  addOAuthApp(app: SeedOAuthApp): void {
    checkSeed({ oauthApps: [app] }, 'addOAuthApp')
    this.ctx.store.addOAuthApp(app)
  }

  addRepo(repo: SeedRepo): { fullName: string; id: number; head: string | null } {
    const users = [...this.ctx.store.accounts.values()].map((account) => ({ login: account.login }))
    checkSeed({ users, repos: [repo] }, 'addRepo')
    const created = this.ctx.store.addRepo(repo)
    return { fullName: `${created.owner}/${created.name}`, id: created.id, head: created.branches.get(created.defaultBranch) ?? null }
  }

  /** Grants (or with null, revokes) a collaborator's permission. */
  setPermission(repo: string, login: string, permission: Permission | null): void {
    const target = findRepo(this.ctx, repo)
    const account = this.ctx.store.account(login)
    if (!account) throw new SimInputError(`no user "${login}"`)
    if (permission === null) target.collaborators.delete(account.login.toLowerCase())
    else if (['admin', 'push', 'pull'].includes(permission)) target.collaborators.set(account.login.toLowerCase(), permission)
    else throw new SimInputError('permission must be admin, push, pull or null')
  }

  /** Makes a user an org's `admin` or `member`, or with null removes them from the org. */
  setMembership(org: string, login: string, role: 'admin' | 'member' | null): void {
    const target = this.ctx.store.account(org)
    if (target?.type !== 'Organization') throw new SimInputError(`no org "${org}"`)
    const account = this.ctx.store.account(login)
    if (account?.type !== 'User') throw new SimInputError(`no user "${login}"`)
    if (role === null) target.members.delete(account.login.toLowerCase())
    else if (role === 'admin' || role === 'member') target.members.set(account.login.toLowerCase(), role)
    else throw new SimInputError('role must be admin, member or null')
  }

  setVisibility(repo: string, visibility: 'public' | 'private'): void {
    if (visibility !== 'public' && visibility !== 'private') throw new SimInputError('visibility must be "public" or "private"')
    findRepo(this.ctx, repo).private = visibility === 'private'
  }

  /** The user the OAuth authorize page approves as (when the request names no `login`). */
  authorizeAs(login: string): void {
    if (this.ctx.store.account(login)?.type !== 'User') throw new SimInputError(`no user "${login}"`)
    this.ctx.store.authorizeAs = login
  }

  /** `deny` makes the authorize page redirect back with error=access_denied. */
  setAuthorizeDecision(decision: AuthorizeDecision): void {
    if (decision !== 'approve' && decision !== 'deny') throw new SimInputError('decision must be "approve" or "deny"')
    this.ctx.switches.authorize = decision
  }

  push(input: events.PushInput) { return events.push(this.ctx, input) }
  createRef(input: events.RefInput) { return events.createRef(this.ctx, input) }
  deleteRef(input: Omit<events.RefInput, 'from'>) { return events.deleteRef(this.ctx, input) }
  pullRequest(input: events.PullRequestInput) { return events.pullRequest(this.ctx, input) }
  release(input: events.ReleaseInput) { return events.release(this.ctx, input) }
  /** Puts a label on a pull request (creating the repository's label if new): `pull_request` `labeled`. */
  addLabel(input: labels.LabelInput) { return labels.addLabel(this.ctx, input) }
  /** Takes a label off a pull request: `pull_request` `unlabeled`. */
  removeLabel(input: Omit<labels.LabelInput, 'color' | 'description'>) { return labels.removeLabel(this.ctx, input) }
  /** Forks a repository into a user's or org's account; sends `fork` to the repository's hooks. */
  fork(input: forks.ForkInput) { return forks.fork(this.ctx, input) }

  /** A CI App starts a check suite for a commit (with check runs by name): check_suite requested, check_run created. */
  startCheckSuite(input: checks.CheckSuiteInput) { return checks.startCheckSuite(this.ctx, input) }
  /** Completes a suite (and its open runs) with a conclusion: check_run completed, check_suite completed. */
  completeCheckSuite(input: checks.CompleteCheckSuiteInput) { return checks.completeCheckSuite(this.ctx, input) }
  /** Completes one check run; the last one completes its suite. */
  completeCheckRun(input: checks.CompleteCheckRunInput) { return checks.completeCheckRun(this.ctx, input) }
  /** The repository's check suites, oldest first (optionally those of one commit or branch head). */
  checkSuites(repo: string, filter: { sha?: string } = {}): checks.SimCheckSuite[] {
    const target = findRepo(this.ctx, repo)
    const sha = filter.sha === undefined ? undefined : resolveRef(target, filter.sha)
    if (filter.sha !== undefined && !sha) throw new SimInputError(`no commit "${filter.sha}" in ${repo}`)
    return [...target.checkSuites.values()].filter((suite) => sha === undefined || suite.headSha === sha).map((suite) => checks.simCheckSuite(target, suite))
  }

  /** A GitHub App's credentials (default: the first App), private key included, as its settings page shows its owner. */
  app(slug?: string): apps.AppCredentials { return apps.credentials(installs.findApp(this.ctx, slug)) }
  apps(): apps.AppCredentials[] { return [...this.ctx.store.githubApps.values()].map(apps.credentials) }
  addApp(app: SeedApp): apps.AppCredentials { return apps.addApp(this.ctx, app) }
  /** Changes an App's webhook URL/secret, setup URL, permissions or events. */
  editApp(slug: string, edit: apps.AppEdit): apps.AppCredentials { return apps.editApp(this.ctx, slug, edit) }
  installations(filter?: { app?: string }): apps.SimInstallation[] { return apps.installations(this.ctx, filter) }
  /** Installs an App on an account (or changes the repositories of its installation there); sends `installation`. */
  install(input: installs.InstallInput) { return installs.install(this.ctx, input) }
  addRepositories(input: installs.InstallationChange) { return installs.addRepositories(this.ctx, input) }
  removeRepositories(input: installs.InstallationChange) { return installs.removeRepositories(this.ctx, input) }
  suspend(input: installs.InstallationAction) { return installs.suspend(this.ctx, input) }
  unsuspend(input: installs.InstallationAction) { return installs.unsuspend(this.ctx, input) }
  uninstall(input: installs.InstallationAction) { return installs.uninstall(this.ctx, input) }
  /** The account accepts the App's current permissions: `installation` `new_permissions_accepted`. */
  acceptPermissions(input: installs.InstallationAction) { return installs.acceptPermissions(this.ctx, input) }

  hooks(repo: string): SimHook[] {
    const target = findRepo(this.ctx, repo)
    return [...target.hooks.values()].map((hook) => ({
      id: hook.id, repo: `${target.owner}/${target.name}`, url: hook.config.url, contentType: hook.config.content_type,
      secret: hook.config.secret ?? null, events: [...hook.events], active: hook.active, lastResponse: { ...hook.lastResponse },
    }))
  }

  /** Changes a hook as someone would on github.com's settings page (no API, no permission checks). */
  editHook(repo: string, id: number, edit: HookEdit): SimHook {
    const target = findRepo(this.ctx, repo)
    const hook = target.hooks.get(Number(id))
    if (!hook) throw new SimInputError(`no hook ${id} on ${repo}`)
    const config: HookConfig = { ...hook.config }
    if (edit.url !== undefined) {
      if (!URL.canParse(edit.url)) throw new SimInputError(`url "${edit.url}" is not a URL`)
      config.url = edit.url
    }
    if (edit.contentType !== undefined) config.content_type = edit.contentType
    if (edit.secret === null) delete config.secret
    else if (edit.secret !== undefined) config.secret = edit.secret
    hook.config = config
    if (edit.events !== undefined) hook.events = [...edit.events]
    if (edit.active !== undefined) hook.active = edit.active
    hook.updatedAt = isoSeconds(new Date())
    return this.hooks(repo).find((view) => view.id === hook.id)!
  }

  deleteHook(repo: string, id: number): void {
    if (!findRepo(this.ctx, repo).hooks.delete(Number(id))) throw new SimInputError(`no hook ${id} on ${repo}`)
  }

  /** Every recorded delivery (oldest first), with the exact headers and payload sent. */
  deliveries(filter: DeliveryFilter = {}): Delivery[] {
    const repoId = filter.repo ? findRepo(this.ctx, filter.repo).id : undefined
    const appHookId = filter.app === undefined ? undefined : installs.findApp(this.ctx, filter.app).hookId
    return this.ctx.store.deliveries.filter((delivery) =>
      (repoId === undefined || delivery.repoId === repoId) &&
      (appHookId === undefined || delivery.hookId === appHookId) &&
      (filter.installationId === undefined || delivery.installationId === Number(filter.installationId)) &&
      (filter.hookId === undefined || delivery.hookId === Number(filter.hookId)) &&
      (filter.event === undefined || delivery.event === filter.event) &&
      (filter.guid === undefined || delivery.guid === filter.guid))
  }

  /** A repository's deployments, newest first, each with its statuses (oldest first). */
  deployments(repo: string, filter: { environment?: string; sha?: string } = {}): readback.SimDeployment[] {
    return readback.deployments(findRepo(this.ctx, repo), filter)
  }

  /** The comments on a pull request (or issue), oldest first. */
  issueComments(repo: string, number: number): readback.SimIssueComment[] {
    return readback.issueComments(findRepo(this.ctx, repo), Number(number))
  }

  /** Answer the next API requests as rate-limited (null turns it off). */
  setRateLimit(value: RateLimitSwitch | null): void {
    checkScope(value?.scope)
    if (value && value.kind !== 'primary' && value.kind !== 'secondary') throw new SimInputError('kind must be "primary" or "secondary"')
    if (value?.status !== undefined && value.status !== 403 && value.status !== 429) throw new SimInputError('status must be 403 or 429')
    this.ctx.switches.setRateLimit(value)
  }

  /** Answer the next API requests with a 5xx (null turns it off). */
  setOutage(value: OutageSwitch | null): void {
    checkScope(value?.scope)
    if (value && ![500, 502, 503, 504].includes(value.status)) throw new SimInputError('status must be 500, 502, 503 or 504')
    this.ctx.switches.setOutage(value)
  }

  /** API requests seen since start or reset, and how many the switches refused. */
  stats(): { requests: number; rateLimited: number; outages: number } {
    return { ...this.ctx.switches.counters }
  }

  /** Resolves when every webhook delivery started so far has finished. */
  idle(): Promise<void> {
    return this.ctx.sender.idle()
  }
}
