import { createPrivateKey } from 'node:crypto'
import { APP_EVENTS } from '../event-names.ts'
import { permissionsProblem } from './permissions.ts'

/** A GitHub App in a seed. */
export interface SeedApp {
  /** Default: counted from 10000. */
  id?: number
  /** The App's URL name (`/apps/{slug}`): lowercase letters, digits and dashes. */
  slug: string
  name?: string
  description?: string
  /** The login of the owning user or org; default: the authorizeAs user (or the first user). */
  owner?: string
  clientId: string
  clientSecret: string
  /** Callback URLs for signing users in through the App; a redirect_uri must equal one or be below it. */
  redirectUris?: string[]
  /** Where the install page sends the user afterwards. */
  setupUrl?: string
  webhookUrl?: string
  webhookSecret?: string
  /** permission -> "read" | "write"; `metadata: read` is implied. */
  permissions?: Record<string, 'read' | 'write'>
  /** Events the App's webhook receives (installation events always). */
  events?: string[]
  /** A PEM RSA private key (PKCS#1 or PKCS#8). Default: a 2048-bit key generated when the simulator starts. */
  privateKey?: string
  /** Installations that exist from the start (no webhooks are sent for them). */
  installations?: SeedInstallation[]
}

export interface SeedInstallation {
  id?: number
  /** The login of the user or org it is installed on. */
  account: string
  /** "all" (the default) or the names of the account's repositories. */
  repositories?: 'all' | string[]
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

const isUrl = (value: unknown): boolean => typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)

function isPrivateKey(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'rsa'
  } catch {
    return false
  }
}

/** Checks the `apps` of a seed; `fail(where, what)` throws. */
export function checkApps(seed: Record<string, unknown>, logins: Set<string>, fail: (where: string, what: string) => never): void {
  const repos = ((seed.repos as Array<{ owner?: string; name?: string }> | undefined) ?? []).map((repo) => `${repo.owner}/${repo.name}`.toLowerCase())
  const clientIds = new Set(((seed.oauthApps as Array<{ clientId?: string }> | undefined) ?? []).map((app) => app.clientId))
  const ids = new Set<number>()
  const slugs = new Set<string>()
  for (const [i, raw] of ((seed.apps as unknown[]) ?? []).entries()) {
    const at = `apps[${i}]`
    if (!isObject(raw)) fail(at, 'must be an object')
    const app = raw as Record<string, unknown>
    if (typeof app.slug !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(app.slug)) fail(`${at}.slug`, 'must be lowercase letters, digits and dashes')
    const slug = app.slug as string
    if (slugs.has(slug)) fail(`${at}.slug`, `"${slug}" is used twice`)
    slugs.add(slug)
    if (app.id !== undefined) {
      if (!Number.isSafeInteger(app.id) || (app.id as number) <= 0) fail(`${at}.id`, 'must be a positive integer')
      if (ids.has(app.id as number)) fail(`${at}.id`, `${String(app.id)} is used twice`)
      ids.add(app.id as number)
    }
    if (typeof app.clientId !== 'string' || app.clientId === '' || typeof app.clientSecret !== 'string' || app.clientSecret === '') fail(at, 'needs clientId and clientSecret strings')
    if (clientIds.has(app.clientId as string)) fail(`${at}.clientId`, `"${String(app.clientId)}" is already a client id`)
    clientIds.add(app.clientId as string)
    if (app.owner !== undefined && !logins.has(app.owner as string)) fail(`${at}.owner`, `"${String(app.owner)}" is not a user or org of the seed`)
    for (const key of ['name', 'description', 'webhookSecret', 'privateKey'] as const) {
      if (app[key] !== undefined && typeof app[key] !== 'string') fail(`${at}.${key}`, 'must be a string')
    }
    if (typeof app.privateKey === 'string' && !isPrivateKey(app.privateKey)) fail(`${at}.privateKey`, 'is not a PEM private key')
    for (const key of ['webhookUrl', 'setupUrl'] as const) if (app[key] !== undefined && !isUrl(app[key])) fail(`${at}.${key}`, `is not an http(s) URL: ${String(app[key])}`)
    if (app.redirectUris !== undefined) {
      if (!Array.isArray(app.redirectUris)) fail(`${at}.redirectUris`, 'must be a list of URLs')
      for (const uri of app.redirectUris as unknown[]) if (!isUrl(uri)) fail(`${at}.redirectUris`, `has an invalid URL: ${String(uri)}`)
    }
    const problem = app.permissions === undefined ? null : permissionsProblem(app.permissions)
    if (problem) fail(`${at}.permissions`, problem)
    if (app.events !== undefined) {
      if (!Array.isArray(app.events)) fail(`${at}.events`, 'must be a list of event names')
      for (const event of app.events as unknown[]) if (typeof event !== 'string' || !APP_EVENTS.has(event)) fail(`${at}.events`, `has an unknown event "${String(event)}"`)
    }
    if (app.installations !== undefined && !Array.isArray(app.installations)) fail(`${at}.installations`, 'must be a list')
    const accounts = new Set<string>()
    for (const [j, installation] of ((app.installations as unknown[]) ?? []).entries()) {
      const where = `${at}.installations[${j}]`
      if (!isObject(installation) || typeof installation.account !== 'string' || !logins.has(installation.account)) fail(`${where}.account`, 'must be a user or org of the seed')
      const account = (installation as { account: string }).account
      const id = (installation as { id?: unknown }).id
      if (id !== undefined && (!Number.isSafeInteger(id) || (id as number) <= 0)) fail(`${where}.id`, 'must be a positive integer')
      if (accounts.has(account.toLowerCase())) fail(`${where}.account`, `"${account}" has the App installed twice`)
      accounts.add(account.toLowerCase())
      const selection = (installation as { repositories?: unknown }).repositories
      if (selection !== undefined && selection !== 'all') {
        if (!Array.isArray(selection) || selection.length === 0) fail(`${where}.repositories`, 'must be "all" or a non-empty list of repository names')
        for (const name of selection as unknown[]) {
          if (typeof name !== 'string' || !repos.includes(`${account}/${name}`.toLowerCase())) fail(`${where}.repositories`, `names no repository of ${account}: "${String(name)}"`)
        }
      }
    }
  }
}
