import type { AppPermissions, InstallationToken, Repo, Token } from '../model.ts'
import type { Permission } from '../seed.ts'
import { Store } from '../store.ts'

/**
 * What a GitHub App credential may do on one repository: the permissions it holds there, or null
 * when the repository is outside its reach. An installation token reaches the repositories its
 * installation covers (and, if narrowed, only those it was narrowed to); an App's user token
 * (`ghu_`) reaches what the App's installations cover, and only what the user can reach too.
 */
export function installationTokenGrant(store: Store, token: InstallationToken, repo: Repo): AppPermissions | null {
  const installation = store.installations.get(token.installationId)
  if (!installation || installation.suspendedAt !== null || !Store.covers(installation, repo)) return null
  if (token.repositoryIds !== null && !token.repositoryIds.includes(repo.id)) return null
  return token.permissions
}

export function appUserTokenGrant(store: Store, token: Token & { appId: number }, repo: Repo): AppPermissions | null {
  const installation = store.installationOn(token.appId, repo.owner)
  if (!installation || installation.suspendedAt !== null || !Store.covers(installation, repo)) return null
  return installation.permissions
}

/** The repository role a grant amounts to (for `permissions` in repository objects). */
export function grantRole(grant: AppPermissions): Permission {
  if (grant.administration === 'write') return 'admin'
  if (grant.contents === 'write') return 'push'
  return 'pull'
}
