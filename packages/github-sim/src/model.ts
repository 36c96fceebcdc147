import type { Permission } from './seed.ts'

/** The simulator's in-memory records. Shapes GitHub returns are built from these in shapes/. */

export interface Account {
  id: number
  login: string
  name: string | null
  email: string | null
  type: 'User' | 'Organization'
  createdAt: string
  /** Organizations only: login -> role. */
  members: Map<string, 'admin' | 'member'>
}

export interface Token {
  token: string
  login: string
  scopes: string[]
  clientId: string | null
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
  hookId: number
  repoId: number
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
  head: { ref: string; sha: string }
  base: { ref: string; sha: string }
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
