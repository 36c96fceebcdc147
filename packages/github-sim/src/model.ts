import type { KeyObject } from 'node:crypto'
import type { AppPermissions } from './apps/permissions.ts'
import type { Permission } from './seed.ts'

export type { AppPermissions }

/** The simulator's in-memory records. Shapes GitHub returns are built from these in shapes/. */

export interface Account {
  id: number
  login: string
  name: string | null
  email: string | null
  type: 'User' | 'Organization' | 'Bot'
  createdAt: string
  /** Organizations only: login -> role. */
  members: Map<string, 'admin' | 'member'>
}

export interface Token {
  token: string
  login: string
  scopes: string[]
  clientId: string | null
  /** User tokens of a GitHub App (`ghu_`): the App's id. They have no scopes; the App's installations and permissions bound them. */
  appId?: number
}

export interface OAuthApp {
  clientId: string
  clientSecret: string
  name: string
  redirectUris: string[]
}

export interface GitActor {
  name: string
  email: string
  date: string
  /** The account the commit is credited to, when the author is a user of the simulator. */
  login: string | null
}

export interface Commit {
  sha: string
  treeSha: string
  message: string
  author: GitActor
  committer: GitActor
  parents: string[]
  added: string[]
  removed: string[]
  modified: string[]
  /** Every file at this commit: path -> content. */
  files: Map<string, Buffer>
}

export interface HookConfig {
  url: string
  content_type: 'json' | 'form'
  insecure_ssl: '0' | '1'
  secret?: string
}

interface HookResponse {
  code: number | null
  status: string
  message: string | null
}

export interface Hook {
  id: number
  repoId: number
  name: 'web'
  active: boolean
  events: string[]
  config: HookConfig
  createdAt: string
  updatedAt: string
  lastResponse: HookResponse
}

export interface Delivery {
  id: number
  guid: string
  /** A repository hook's id, or a GitHub App's hook id. */
  hookId: number
  /** The repository the event is about (null for App events about no repository, e.g. `installation`). */
  repoId: number | null
  /** Set on deliveries to a GitHub App's webhook. */
  installationId: number | null
  event: string
  action: string | null
  deliveredAt: string
  redelivery: boolean
  duration: number
  status: string
  statusCode: number
  url: string
  request: { headers: Record<string, string>; payload: Record<string, unknown> }
  response: { headers: Record<string, string>; payload: string | null }
}

export interface PullRequest {
  id: number
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  draft: boolean
  merged: boolean
  user: string
  /** The head branch, in this repository or (a pull request from a fork) in `repoId`'s. */
  head: { ref: string; sha: string; repoId: number }
  base: { ref: string; sha: string }
  /** Names of the repository's labels on it, in the order they were added. */
  labels: string[]
  mergeCommitSha: string | null
  createdAt: string
  updatedAt: string
  closedAt: string | null
  mergedAt: string | null
}

export interface Release {
  id: number
  tagName: string
  name: string | null
  body: string | null
  targetCommitish: string
  draft: boolean
  prerelease: boolean
  author: string
  createdAt: string
  publishedAt: string | null
}

/** A repository's label (created the first time it is put on a pull request). */
export interface Label {
  id: number
  name: string
  color: string
  description: string | null
  default: boolean
}

/** How a check run or suite ended (GitHub's conclusions a CI App may report). */
export type CheckConclusion = 'success' | 'failure' | 'neutral' | 'cancelled' | 'timed_out' | 'action_required' | 'skipped'

/**
 * The App a check suite belongs to: a GitHub App of the simulator, or (any other slug, e.g. "ci")
 * a CI App known only by its slug, whose id follows from the slug.
 */
export interface CheckApp {
  id: number
  slug: string
  name: string
  description: string | null
  clientId: string
  /** The account that owns the App (for an App known only by its slug: an organization of that name). */
  owner: Account
  permissions: AppPermissions
  events: string[]
  createdAt: string
  updatedAt: string
}

export interface CheckSuite {
  id: number
  headSha: string
  /** The branch the suite was started for; null when no branch of the repository points at the commit (e.g. a fork's). */
  headBranch: string | null
  before: string | null
  app: CheckApp
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: CheckConclusion | null
  /** Ids of its check runs, in the order they were created. */
  runIds: number[]
  createdAt: string
  updatedAt: string
}

export interface CheckRun {
  id: number
  suiteId: number
  name: string
  headSha: string
  status: 'queued' | 'in_progress' | 'completed'
  conclusion: CheckConclusion | null
  startedAt: string
  completedAt: string | null
}

export type DeploymentState = 'error' | 'failure' | 'inactive' | 'in_progress' | 'queued' | 'pending' | 'success'

export interface DeploymentStatus {
  id: number
  state: DeploymentState
  /** The login of who posted it (an App's bot for an installation token). */
  creator: string
  /** The App whose installation posted it, if one did. */
  appId: number | null
  description: string
  environment: string
  logUrl: string
  environmentUrl: string
  createdAt: string
  updatedAt: string
}

/** A deployment (the Deployments API); `statuses` oldest first. */
export interface Deployment {
  id: number
  sha: string
  ref: string
  task: string
  payload: Record<string, unknown> | string
  originalEnvironment: string
  /** The environment now (a status may move it). */
  environment: string
  description: string | null
  creator: string
  appId: number | null
  transientEnvironment: boolean
  productionEnvironment: boolean
  createdAt: string
  updatedAt: string
  statuses: DeploymentStatus[]
}

/** A comment on an issue or pull request (pull requests are issues). */
export interface IssueComment {
  id: number
  issueNumber: number
  body: string
  user: string
  appId: number | null
  createdAt: string
  updatedAt: string
}

export interface Repo {
  id: number
  owner: string
  name: string
  private: boolean
  description: string | null
  defaultBranch: string
  createdAt: string
  updatedAt: string
  pushedAt: string
  collaborators: Map<string, Permission>
  commits: Map<string, Commit>
  branches: Map<string, string>
  tags: Map<string, string>
  hooks: Map<number, Hook>
  pulls: Map<number, PullRequest>
  releases: Map<number, Release>
  /** Labels by lowercased name. */
  labels: Map<string, Label>
  checkSuites: Map<number, CheckSuite>
  checkRuns: Map<number, CheckRun>
  /** Deployments by id (the Deployments API), each with its statuses. */
  deployments: Map<number, Deployment>
  /** Comments on its issues and pull requests, by comment id. */
  issueComments: Map<number, IssueComment>
  /** The repository this one is a fork of (null: not a fork). */
  parentId: number | null
  /** How many forks were made of it. */
  forkCount: number
}

export interface AuthCode {
  code: string
  clientId: string
  redirectUri: string
  login: string
  scopes: string[]
  codeChallenge: string | null
  codeChallengeMethod: string | null
  expiresAt: number
  used: boolean
}

export const repoKey = (owner: string, name: string): string => `${owner}/${name}`.toLowerCase()


/** A GitHub App registered on the simulator. */
export interface App {
  id: number
  slug: string
  name: string
  description: string | null
  /** The login of the account that owns the App. */
  owner: string
  clientId: string
  clientSecret: string
  /** Callback URLs for signing users in through the App (the OAuth web flow). */
  redirectUris: string[]
  /** Where the install page sends the user afterwards (`?installation_id=…&setup_action=install`). */
  setupUrl: string | null
  /** The App's one webhook, for every installation. Inactive while `url` is null. */
  webhook: { url: string | null; secret: string | null; contentType: 'json' | 'form'; insecureSsl: '0' | '1' }
  /** The App hook's id (X-GitHub-Hook-ID of its deliveries). */
  hookId: number
  permissions: AppPermissions
  events: string[]
  /** PEM (PKCS#1, as GitHub's settings page hands it out). */
  privateKey: string
  /** Verifies the App's JWTs. */
  publicKey: KeyObject
  createdAt: string
  updatedAt: string
}

/** An App installed on a user or organization account. */
export interface Installation {
  id: number
  appId: number
  /** The login of the account it is installed on. */
  account: string
  repositorySelection: 'all' | 'selected'
  /** The selected repositories' ids (when `repositorySelection` is `selected`). */
  repositoryIds: Set<number>
  /** The permissions the account accepted (the App's, at install time or when accepted again). */
  permissions: AppPermissions
  events: string[]
  createdAt: string
  updatedAt: string
  suspendedAt: string | null
  suspendedBy: string | null
}

/** An installation access token (`ghs_`), possibly narrowed to some repositories and permissions. */
export interface InstallationToken {
  token: string
  installationId: number
  /** The repositories it was narrowed to; null: whatever the installation covers at the time of a request. */
  repositoryIds: number[] | null
  permissions: AppPermissions
  expiresAt: number
}
