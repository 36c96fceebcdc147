import { appPrivateKey, publicKeyOf } from './apps/keys.ts'
import { withMetadata } from './apps/permissions.ts'
import { appendCommits, isoSeconds, seedDates } from './git.ts'
import { type Account, type App, type AuthCode, type Delivery, type Installation, type InstallationToken, type OAuthApp, type Repo, repoKey, type Token } from './model.ts'
import { DEFAULT_TOKEN_SCOPES, type Permission, type Seed, type SeedApp, type SeedInstallation, type SeedOAuthApp, type SeedOrg, type SeedRepo, type SeedUser } from './seed.ts'

const RANK: Record<Permission, number> = { pull: 1, push: 2, admin: 3 }

/** Counted from here: ids that come from the clock stay small enough for any JSON client. */
const ID_EPOCH_MS = Date.UTC(2025, 0, 1)

/**
 * Where the ids of what the simulator creates while it runs start (hooks, deliveries, pull
 * requests, releases): one per millisecond since 2025 above the kind's base, so above every id
 * an earlier simulator handed out unless it created more than one a millisecond. GitHub's ids
 * only ever grow; a database that outlives a restarted simulator then never sees a hook id
 * twice. About 6e10 at the end of 2026, growing 3.2e10 a year: safe integers, and what a bigint
 * column holds.
 */
export function clockIdBase(base: number, now = Date.now()): number {
  return base + Math.max(0, now - ID_EPOCH_MS)
}

const CLOCK_KINDS: ReadonlySet<string> = new Set(['hook', 'delivery', 'pull', 'release', 'installation', 'label', 'checkSuite', 'checkRun', 'deployment', 'deploymentStatus', 'issueComment'])

/** Where to count a kind of id from instead of the clock; the first id handed out is one more. */
export type IdStart = Partial<Record<'hook' | 'delivery' | 'pull' | 'release' | 'installation' | 'label' | 'checkSuite' | 'checkRun' | 'deployment' | 'deploymentStatus' | 'issueComment', number>>

/** An App's hook id and its bot user's id follow from the App's id, so they stay the same across restarts. */
const APP_HOOK_BASE = 300_000_000
const BOT_USER_BASE = 41_000_000

/** The highest id of each clock-based kind handed out in this process, by any simulator. */
const issued = new Map<string, number>()

/** A repository with no commits, refs, hooks or pull requests yet. */
function emptyRepo(fields: Pick<Repo, 'id' | 'owner' | 'name' | 'private' | 'description' | 'defaultBranch' | 'createdAt' | 'parentId'>): Repo {
  return {
    ...fields,
    updatedAt: fields.createdAt,
    pushedAt: fields.createdAt,
    collaborators: new Map(),
    commits: new Map(),
    branches: new Map(),
    tags: new Map(),
    hooks: new Map(),
    pulls: new Map(),
    releases: new Map(),
    labels: new Map(),
    checkSuites: new Map(),
    checkRuns: new Map(),
    deployments: new Map(),
    issueComments: new Map(),
    forkCount: 0,
  }
}

/** All of the simulator's state; `reset(seed)` replaces it wholesale. */
export class Store {
  accounts = new Map<string, Account>()
  tokens = new Map<string, Token>()
  /** Tokens revoked while running (by their app or through control), so a test can ask. */
  revokedTokens = new Set<string>()
  apps = new Map<string, OAuthApp>()
  /** GitHub Apps by id. */
  githubApps = new Map<number, App>()
  installations = new Map<number, Installation>()
  installationTokens = new Map<string, InstallationToken>()
  repos = new Map<string, Repo>()
  codes = new Map<string, AuthCode>()
  deliveries: Delivery[] = []
  authorizeAs: string | null = null
  /**
   * Accounts and repositories not given an id by the seed are numbered from fixed bases, so
   * the same seed describes the same GitHub after a restart; the rest from the clock.
   */
  private ids = {
    account: 1000,
    repo: 100_000,
    hook: clockIdBase(400_000_000),
    delivery: clockIdBase(9_000_000_000),
    pull: clockIdBase(1_000_000),
    release: clockIdBase(2_000_000),
    installation: clockIdBase(60_000_000),
    label: clockIdBase(3_000_000_000),
    checkSuite: clockIdBase(12_000_000_000),
    checkRun: clockIdBase(30_000_000_000),
    deployment: clockIdBase(50_000_000_000),
    deploymentStatus: clockIdBase(70_000_000_000),
    issueComment: clockIdBase(90_000_000_000),
    app: 10_000,
  }

  /** Kinds counted from a start the caller chose: no floor from other simulators of this process. */
  private pinned = new Set<string>()

  constructor(seed: Seed = {}, idStart: IdStart = {}) {
    for (const [kind, start] of Object.entries(idStart)) {
      if (!Number.isSafeInteger(start) || start < 0) throw new Error(`github-sim: ids.${kind} must be a non-negative safe integer`)
      this.ids[kind as keyof IdStart] = start
      this.pinned.add(kind)
    }
    this.reset(seed)
  }

  reset(seed: Seed): void {
    this.accounts.clear()
    this.tokens.clear()
    this.revokedTokens.clear()
    this.apps.clear()
    this.githubApps.clear()
    this.installations.clear()
    this.installationTokens.clear()
    this.repos.clear()
    this.codes.clear()
    this.deliveries = []
    for (const user of seed.users ?? []) this.addUser(user)
    for (const org of seed.orgs ?? []) this.addOrg(org)
    for (const app of seed.oauthApps ?? []) this.addOAuthApp(app)
    for (const repo of seed.repos ?? []) this.addRepo(repo)
    this.authorizeAs = seed.authorizeAs ?? seed.users?.[0]?.login ?? null
    for (const app of seed.apps ?? []) this.addApp(app)
  }

  nextId(kind: keyof Store['ids']): number {
    // Simulators started in the same millisecond of one process still never share an id.
    const counted = CLOCK_KINDS.has(kind) && !this.pinned.has(kind)
    const id = Math.max(this.ids[kind], counted ? (issued.get(kind) ?? 0) : 0) + 1
    this.ids[kind] = id
    if (counted) issued.set(kind, id)
    return id
  }

  account(login: string): Account | undefined {
    return this.accounts.get(login.toLowerCase())
  }

  addUser(user: SeedUser): Account {
    if (this.account(user.login)) throw new Error(`github-sim: account "${user.login}" already exists`)
    const account: Account = {
      id: user.id ?? this.nextId('account'),
      login: user.login,
      name: user.name ?? null,
      email: user.email ?? null,
      type: 'User',
      createdAt: '2024-01-01T00:00:00Z',
      members: new Map(),
    }
    this.accounts.set(user.login.toLowerCase(), account)
    for (const token of user.tokens ?? []) {
      const entry = typeof token === 'string' ? { token } : token
      this.addToken(user.login, entry.token, entry.scopes ?? [...DEFAULT_TOKEN_SCOPES], null)
    }
    return account
  }

  addOrg(org: SeedOrg): Account {
    if (this.account(org.login)) throw new Error(`github-sim: account "${org.login}" already exists`)
    const account: Account = {
      id: org.id ?? this.nextId('account'),
      login: org.login,
      name: org.name ?? null,
      email: null,
      type: 'Organization',
      createdAt: '2024-01-01T00:00:00Z',
      members: new Map(Object.entries(org.members ?? {}).map(([login, role]) => [login.toLowerCase(), role])),
    }
    this.accounts.set(org.login.toLowerCase(), account)
    return account
  }

  addToken(login: string, token: string, scopes: string[], clientId: string | null, appId?: number): Token {
    const entry: Token = { token, login: this.requireAccount(login).login, scopes, clientId, ...(appId === undefined ? {} : { appId }) }
    this.tokens.set(token, entry)
    return entry
  }

  /** Ends a user token for good (its app revoked it): false when there was none. */
  revokeToken(token: string): boolean {
    if (!this.tokens.delete(token)) return false
    this.revokedTokens.add(token)
    return true
  }

  addOAuthApp(app: SeedOAuthApp): OAuthApp {
    const entry: OAuthApp = { clientId: app.clientId, clientSecret: app.clientSecret, name: app.name ?? app.clientId, redirectUris: [...app.redirectUris] }
    this.apps.set(app.clientId, entry)
    return entry
  }

  addRepo(seed: SeedRepo): Repo {
    const owner = this.requireAccount(seed.owner)
    if (this.repo(seed.owner, seed.name)) throw new Error(`github-sim: repository ${seed.owner}/${seed.name} already exists`)
    const repo = emptyRepo({
      id: seed.id ?? this.nextId('repo'),
      owner: owner.login,
      name: seed.name,
      private: seed.visibility === 'private',
      description: seed.description ?? null,
      defaultBranch: seed.defaultBranch ?? 'main',
      createdAt: '2024-01-01T00:00:00Z',
      parentId: null,
    })
    for (const [login, permission] of Object.entries(seed.permissions ?? {})) repo.collaborators.set(this.requireAccount(login).login.toLowerCase(), permission)
    const lookup = (login: string) => this.account(login)
    const main = appendCommits(repo, null, seedDates(seed.commits ?? [], 0), lookup)
    const head = main.at(-1)?.sha
    if (head) {
      repo.branches.set(repo.defaultBranch, head)
      let offset = main.length
      for (const [branch, commits] of Object.entries(seed.branches ?? {})) {
        const added = appendCommits(repo, head, seedDates(commits, offset), lookup)
        offset += added.length
        repo.branches.set(branch, added.at(-1)?.sha ?? head)
      }
      repo.pushedAt = [...repo.commits.values()].at(-1)!.committer.date
      repo.updatedAt = repo.pushedAt
    }
    this.repos.set(repoKey(owner.login, seed.name), repo)
    return repo
  }

  /**
   * A fork of `parent` owned by `owner` (state only): the parent's commits, its branches (or only
   * the default one) and tags, its visibility and description; the owner is its only admin.
   */
  addFork(parent: Repo, owner: Account, name: string, defaultBranchOnly = false): Repo {
    if (this.repo(owner.login, name)) throw new Error(`github-sim: repository ${owner.login}/${name} already exists`)
    const repo = emptyRepo({
      id: this.nextId('repo'),
      owner: owner.login,
      name,
      private: parent.private,
      description: parent.description,
      defaultBranch: parent.defaultBranch,
      createdAt: isoSeconds(new Date()),
      parentId: parent.id,
    })
    for (const [sha, commit] of parent.commits) repo.commits.set(sha, commit)
    for (const [branch, sha] of parent.branches) if (!defaultBranchOnly || branch === parent.defaultBranch) repo.branches.set(branch, sha)
    for (const [tag, sha] of parent.tags) repo.tags.set(tag, sha)
    repo.pushedAt = parent.pushedAt
    parent.forkCount += 1
    this.repos.set(repoKey(owner.login, name), repo)
    return repo
  }

  /** Registers a GitHub App (and the installations its seed lists); the caller checked the seed. */
  addApp(seed: SeedApp): App {
    const id = seed.id ?? this.nextId('app')
    if (this.githubApps.has(id)) throw new Error(`github-sim: an App with id ${id} already exists`)
    if (this.appBySlug(seed.slug)) throw new Error(`github-sim: an App "${seed.slug}" already exists`)
    if (this.apps.has(seed.clientId) || this.appByClientId(seed.clientId)) throw new Error(`github-sim: client id "${seed.clientId}" is already used`)
    const owner = this.requireAccount(seed.owner ?? this.authorizeAs ?? [...this.accounts.values()][0]?.login ?? '')
    const privateKey = appPrivateKey(id, seed.slug, seed.privateKey)
    const now = '2024-01-01T00:00:00Z'
    const app: App = {
      id,
      slug: seed.slug,
      name: seed.name ?? seed.slug,
      description: seed.description ?? null,
      owner: owner.login,
      clientId: seed.clientId,
      clientSecret: seed.clientSecret,
      redirectUris: [...(seed.redirectUris ?? [])],
      setupUrl: seed.setupUrl ?? null,
      webhook: { url: seed.webhookUrl ?? null, secret: seed.webhookSecret ?? null, contentType: 'json', insecureSsl: '0' },
      hookId: APP_HOOK_BASE + id,
      permissions: withMetadata(seed.permissions ?? {}),
      events: [...(seed.events ?? [])],
      privateKey,
      publicKey: publicKeyOf(privateKey),
      createdAt: now,
      updatedAt: now,
    }
    this.githubApps.set(id, app)
    for (const installation of seed.installations ?? []) this.addInstallation(app, installation)
    return app
  }

  /** Who may run the OAuth web flow with a client id: an OAuth App, or a GitHub App (whose user tokens carry its id). */
  oauthClient(clientId: string): (OAuthApp & { appId?: number }) | undefined {
    const oauthApp = this.apps.get(clientId)
    if (oauthApp) return oauthApp
    const app = this.appByClientId(clientId)
    return app ? { clientId: app.clientId, clientSecret: app.clientSecret, name: app.name, redirectUris: app.redirectUris, appId: app.id } : undefined
  }

  appBySlug(slug: string): App | undefined {
    for (const app of this.githubApps.values()) if (app.slug === slug) return app
    return undefined
  }

  appByClientId(clientId: string): App | undefined {
    for (const app of this.githubApps.values()) if (app.clientId === clientId) return app
    return undefined
  }

  /** The App's bot user (`{slug}[bot]`): the sender of what the App does. */
  botAccount(app: App): Account {
    return { id: BOT_USER_BASE + app.id, login: `${app.slug}[bot]`, name: null, email: null, type: 'Bot', createdAt: app.createdAt, members: new Map() }
  }

  /** Creates an installation (state only: the caller sends the webhooks). */
  addInstallation(app: App, seed: SeedInstallation): Installation {
    const account = this.requireAccount(seed.account)
    if (this.installationOn(app.id, account.login)) throw new Error(`github-sim: ${app.slug} is already installed on ${account.login}`)
    const id = seed.id ?? this.nextId('installation')
    if (this.installations.has(id)) throw new Error(`github-sim: installation ${id} already exists`)
    const now = isoSeconds(new Date())
    const installation: Installation = {
      id,
      appId: app.id,
      account: account.login,
      repositorySelection: seed.repositories === undefined || seed.repositories === 'all' ? 'all' : 'selected',
      repositoryIds: new Set(Array.isArray(seed.repositories) ? seed.repositories.map((name) => this.requireRepo(account.login, name).id) : []),
      permissions: { ...app.permissions },
      events: [...app.events],
      createdAt: now,
      updatedAt: now,
      suspendedAt: null,
      suspendedBy: null,
    }
    this.installations.set(id, installation)
    return installation
  }

  /** The App's installation on an account, if any. */
  installationOn(appId: number, login: string): Installation | undefined {
    for (const installation of this.installations.values()) {
      if (installation.appId === appId && installation.account.toLowerCase() === login.toLowerCase()) return installation
    }
    return undefined
  }

  /** Whether the installation reaches the repo (its account's, and all or selected). */
  static covers(installation: Installation, repo: Repo): boolean {
    if (repo.owner.toLowerCase() !== installation.account.toLowerCase()) return false
    return installation.repositorySelection === 'all' || installation.repositoryIds.has(repo.id)
  }

  /** The repositories an installation reaches, sorted by full name. */
  coveredRepos(installation: Installation): Repo[] {
    return [...this.repos.values()].filter((repo) => Store.covers(installation, repo))
      .sort((a, b) => `${a.owner}/${a.name}`.toLowerCase().localeCompare(`${b.owner}/${b.name}`.toLowerCase()))
  }

  requireRepo(owner: string, name: string): Repo {
    const repo = this.repo(owner, name)
    if (!repo) throw new Error(`github-sim: no repository ${owner}/${name}`)
    return repo
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(repoKey(owner, name))
  }

  repoById(id: number): Repo | undefined {
    for (const repo of this.repos.values()) if (repo.id === id) return repo
    return undefined
  }

  requireAccount(login: string): Account {
    const account = this.account(login)
    if (!account) throw new Error(`github-sim: no user or org "${login}"`)
    return account
  }

  /** The user's permission on the repo, or null when they cannot see it at all. */
  permission(login: string | null, repo: Repo): Permission | null {
    let best: Permission | null = repo.private ? null : 'pull'
    if (login === null) return best
    const key = login.toLowerCase()
    const raise = (permission: Permission) => {
      if (best === null || RANK[permission] > RANK[best]) best = permission
    }
    if (repo.owner.toLowerCase() === key) raise('admin')
    const collaborator = repo.collaborators.get(key)
    if (collaborator) raise(collaborator)
    const role = this.account(repo.owner)?.members.get(key)
    if (role) raise(role === 'admin' ? 'admin' : 'pull')
    return best
  }

  /** How the user is related to the repo, for /user/repos affiliation filters. */
  affiliation(login: string, repo: Repo): 'owner' | 'collaborator' | 'organization_member' | null {
    const key = login.toLowerCase()
    if (repo.owner.toLowerCase() === key) return 'owner'
    if (repo.collaborators.has(key)) return 'collaborator'
    if (this.account(repo.owner)?.members.has(key)) return 'organization_member'
    return null
  }

  static hasAtLeast(permission: Permission | null, needed: Permission): boolean {
    return permission !== null && RANK[permission] >= RANK[needed]
  }

  touch(repo: Repo): void {
    repo.updatedAt = isoSeconds(new Date())
  }
}
