import type { Account, Repo } from '../model.ts'
import { simpleUser, type Urls } from '../shapes/account.ts'
import { miniRepository } from '../shapes/app.ts'

/**
 * Payloads of the events GitHub sends only to Apps, shaped like @octokit/webhooks-examples:
 * `installation` (created, deleted, suspend, unsuspend, new_permissions_accepted) and
 * `installation_repositories` (added, removed). `installation` is the full installation object.
 */
export function installationPayload(urls: Urls, action: string, installation: Record<string, unknown>, repositories: Repo[] | null, sender: Account): Record<string, unknown> {
  return {
    action,
    installation,
    ...(repositories ? { repositories: repositories.map(miniRepository) } : {}),
    ...(action === 'created' ? { requester: null } : {}),
    sender: simpleUser(urls, sender),
  }
}

export function installationRepositoriesPayload(
  urls: Urls,
  action: 'added' | 'removed',
  installation: Record<string, unknown>,
  change: { selection: 'all' | 'selected'; added: Repo[]; removed: Repo[] },
  sender: Account,
): Record<string, unknown> {
  return {
    action,
    installation,
    repository_selection: change.selection,
    repositories_added: change.added.map(miniRepository),
    repositories_removed: change.removed.map(miniRepository),
    requester: null,
    sender: simpleUser(urls, sender),
  }
}
