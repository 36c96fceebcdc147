import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkApps, type SeedApp } from './apps/seed-app.ts'

export type { SeedApp, SeedInstallation } from './apps/seed-app.ts'

/** What the simulator starts from. Every field but the logins and names is optional. */
export interface Seed {
  users?: SeedUser[]
  orgs?: SeedOrg[]
  oauthApps?: SeedOAuthApp[]
  /** GitHub Apps (see SeedApp). */
  apps?: SeedApp[]
  repos?: SeedRepo[]
  /** The login the OAuth authorize page signs in as when the request names no `login`. */
  authorizeAs?: string
}

export interface SeedUser {
  login: string
  id?: number
  name?: string
  email?: string
  /** Personal tokens: a string (default scopes) or `{ token, scopes }`. */
  tokens?: Array<string | SeedToken>
}

interface SeedToken {
  token: string
  scopes?: string[]
}

export interface SeedOrg {
  login: string
  id?: number
  name?: string
  /** login -> role; an org `admin` is admin on every repo of the org, a `member` can read them. */
  members?: Record<string, 'admin' | 'member'>
}

export interface SeedOAuthApp {
  clientId: string
  clientSecret: string
  name?: string
  /** Registered callback URLs; a redirect_uri must equal one or be below it (GitHub's rule). */
  redirectUris: string[]
}

export type Permission = 'admin' | 'push' | 'pull'

export interface SeedCommit {
  message: string
  /** A user login (or any name) credited as author and committer; defaults to the repo owner. */
  author?: string
  /** ISO date; defaults to a fixed date plus one hour per commit, so SHAs are stable. */
  date?: string
  sha?: string
  added?: string[]
  removed?: string[]
  modified?: string[]
  /**
   * File contents: path -> text (added, or modified when the path exists) or null (removed).
   * Paths only named in added/modified get a generated text (the path, the SHA and the message).
   */
  files?: Record<string, string | null>
}

export interface SeedRepo {
  owner: string
  name: string
  id?: number
  visibility?: 'public' | 'private'
  defaultBranch?: string
  description?: string
  /** login -> permission for collaborators (the owner is always admin). */
  permissions?: Record<string, Permission>
  /** The default branch's history, oldest first. An empty list makes an empty repository. */
  commits?: SeedCommit[]
  /** Other branches: name -> commits on top of the default branch's head. */
  branches?: Record<string, SeedCommit[]>
}

export const DEFAULT_TOKEN_SCOPES = ['repo', 'admin:repo_hook', 'read:user', 'user:email'] as const

export const defaultSeedPath = join(import.meta.dirname, '..', 'seed', 'default.json')

/** Reads and checks a seed file; the error names the file and the bad field. */
export function loadSeedFile(path: string = defaultSeedPath): Seed {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new Error(`github-sim: cannot read seed file ${path}: ${(error as Error).message}`)
  }
  return checkSeed(raw, path)
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** A problem with a commit's `files` ({ path: text | null }), or null. */
export function filesProblem(files: unknown): string | null {
  if (files === undefined) return null
  if (!isObject(files)) return 'must be an object of path -> text (or null to remove)'
  for (const [path, content] of Object.entries(files)) {
    if (path === '' || path.startsWith('/') || path.endsWith('/') || path.split('/').some((part) => part === '' || part === '.' || part === '..')) return `has an invalid path "${path}"`
    if (content !== null && typeof content !== 'string') return `.${path} must be a string or null`
  }
  return null
}

/** Checks the shape of a seed (from JSON or a control request) and returns it typed. */
export function checkSeed(raw: unknown, source = 'seed'): Seed {
  const fail = (where: string, what: string): never => {
    throw new Error(`github-sim: ${source}: ${where} ${what}`)
  }
  if (!isObject(raw)) fail('the seed', 'must be a JSON object')
  const seed = raw as Record<string, unknown>
  for (const key of ['users', 'orgs', 'oauthApps', 'apps', 'repos'] as const) {
    if (seed[key] !== undefined && !Array.isArray(seed[key])) fail(key, 'must be an array')
  }
  const logins = new Set<string>()
  for (const [i, user] of ((seed.users as unknown[]) ?? []).entries()) {
    if (!isObject(user) || typeof user.login !== 'string' || user.login === '') fail(`users[${i}].login`, 'must be a non-empty string')
    const u = user as unknown as SeedUser
    if (logins.has(u.login)) fail(`users[${i}].login`, `"${u.login}" is used twice`)
    logins.add(u.login)
    for (const [j, token] of (u.tokens ?? []).entries()) {
      const ok = typeof token === 'string' ? token !== '' : isObject(token) && typeof token.token === 'string'
      if (!ok) fail(`users[${i}].tokens[${j}]`, 'must be a string or { token, scopes }')
    }
  }
  for (const [i, org] of ((seed.orgs as unknown[]) ?? []).entries()) {
    if (!isObject(org) || typeof org.login !== 'string' || org.login === '') fail(`orgs[${i}].login`, 'must be a non-empty string')
    const o = org as unknown as SeedOrg
    if (logins.has(o.login)) fail(`orgs[${i}].login`, `"${o.login}" is already a user or org`)
    logins.add(o.login)
  }
  for (const [i, app] of ((seed.oauthApps as unknown[]) ?? []).entries()) {
    if (!isObject(app) || typeof app.clientId !== 'string' || typeof app.clientSecret !== 'string') {
      fail(`oauthApps[${i}]`, 'needs clientId and clientSecret strings')
    }
    const a = app as Record<string, unknown>
    if (!Array.isArray(a.redirectUris) || a.redirectUris.length === 0) fail(`oauthApps[${i}].redirectUris`, 'must list at least one URL')
    for (const uri of a.redirectUris as unknown[]) {
      if (typeof uri !== 'string' || !URL.canParse(uri)) fail(`oauthApps[${i}].redirectUris`, `has an invalid URL: ${String(uri)}`)
    }
  }
  for (const [i, repo] of ((seed.repos as unknown[]) ?? []).entries()) {
    if (!isObject(repo) || typeof repo.owner !== 'string' || typeof repo.name !== 'string') fail(`repos[${i}]`, 'needs owner and name strings')
    const r = repo as unknown as SeedRepo
    if (!logins.has(r.owner)) fail(`repos[${i}].owner`, `"${r.owner}" is not a user or org of the seed`)
    if (r.visibility !== undefined && r.visibility !== 'public' && r.visibility !== 'private') fail(`repos[${i}].visibility`, 'must be "public" or "private"')
    for (const [login, permission] of Object.entries(r.permissions ?? {})) {
      if (!logins.has(login)) fail(`repos[${i}].permissions`, `names unknown user "${login}"`)
      if (!['admin', 'push', 'pull'].includes(permission)) fail(`repos[${i}].permissions.${login}`, 'must be admin, push or pull')
    }
    const commitLists = [r.commits ?? [], ...Object.values(r.branches ?? {})]
    for (const list of commitLists) {
      if (!Array.isArray(list)) fail(`repos[${i}]`, 'commits and branches must be lists of commits')
      for (const commit of list) {
        if (!isObject(commit) || typeof commit.message !== 'string') fail(`repos[${i}]`, 'every commit needs a message')
        const problem = filesProblem((commit as { files?: unknown }).files)
        if (problem) fail(`repos[${i}]`, `commit files ${problem}`)
      }
    }
  }
  checkApps(seed, logins, fail)
  if (seed.authorizeAs !== undefined && !logins.has(seed.authorizeAs as string)) fail('authorizeAs', `"${String(seed.authorizeAs)}" is not a user of the seed`)
  return seed as Seed
}
