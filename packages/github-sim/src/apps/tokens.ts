import { randomBytes } from 'node:crypto'
import { GitHubError } from '../errors.ts'
import type { AppPermissions, Installation, InstallationToken, Repo } from '../model.ts'
import type { Store } from '../store.ts'
import { exceeding, permissionsProblem, withMetadata } from './permissions.ts'

/** GitHub's installation tokens live an hour. */
const INSTALLATION_TOKEN_TTL_MS = 60 * 60_000

const DOCS = 'https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app'

const unprocessable = (message: string) => new GitHubError(422, message, { documentationUrl: DOCS })

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A new `ghs_` value: 36 characters after the prefix, like GitHub's. */
const newInstallationToken = (): string => `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`

export interface Minted {
  token: InstallationToken
  selection: 'all' | 'selected'
  /** The repositories the token is limited to (narrowed, or the installation's selection); null: all of the account's. */
  repositories: Repo[] | null
}

/**
 * Mints an installation token, narrowed by `repositories` (names) / `repository_ids` and
 * `permissions` as GitHub allows: only within what the installation has (else 422).
 */
export function mintInstallationToken(store: Store, installation: Installation, body: unknown, now = Date.now()): Minted {
  if (body !== undefined && body !== null && !isObject(body)) throw unprocessable('Invalid request.\n\nThe body must be a JSON object.')
  const input = (body ?? {}) as Record<string, unknown>
  const covered = store.coveredRepos(installation)
  const pick = (field: string, match: (repo: Repo, value: unknown) => boolean, type: 'string' | 'integer'): Repo[] | null => {
    const values = input[field]
    if (values === undefined) return null
    if (!Array.isArray(values) || values.some((value) => (type === 'string' ? typeof value !== 'string' : !Number.isInteger(value)))) {
      throw unprocessable(`Invalid request.\n\nFor 'properties/${field}', ${JSON.stringify(values)} is not an array of ${type}s.`)
    }
    return values.map((value) => {
      const repo = covered.find((candidate) => match(candidate, value))
      if (!repo) throw unprocessable('There is at least one repository that does not exist or is not accessible to the parent installation.')
      return repo
    })
  }
  const byName = pick('repositories', (repo, name) => repo.name.toLowerCase() === String(name).toLowerCase(), 'string')
  const byId = pick('repository_ids', (repo, id) => repo.id === id, 'integer')
  const narrowed = byName === null && byId === null ? null : [...new Map([...(byName ?? []), ...(byId ?? [])].map((repo) => [repo.id, repo])).values()]
  let permissions: AppPermissions = { ...installation.permissions }
  if (input.permissions !== undefined) {
    const problem = permissionsProblem(input.permissions)
    if (problem) throw unprocessable(`Invalid request.\n\nThe permissions object ${problem}.`)
    if (exceeding(installation.permissions, input.permissions as AppPermissions) !== null) throw unprocessable('The permissions requested are not granted to this installation.')
    permissions = withMetadata(input.permissions as AppPermissions)
  }
  const token: InstallationToken = {
    token: newInstallationToken(),
    installationId: installation.id,
    repositoryIds: narrowed === null ? null : narrowed.map((repo) => repo.id),
    permissions,
    expiresAt: now + INSTALLATION_TOKEN_TTL_MS,
  }
  store.installationTokens.set(token.token, token)
  const selection = narrowed === null && installation.repositorySelection === 'all' ? 'all' : 'selected'
  return { token, selection, repositories: narrowed ?? (installation.repositorySelection === 'selected' ? covered : null) }
}
