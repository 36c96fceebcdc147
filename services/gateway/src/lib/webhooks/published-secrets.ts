import type { IWebhook } from '@gwm/domain'
import type { HookSecrets } from '@gwm/queue'
import type { HookSecretStore } from './hook-secrets.ts'

/** What the ingest must accept for a hook, as its row says: current, previous while its grace lasts, a rotation's pending secret; and its repository. */
export function acceptedSecrets(secrets: HookSecretStore, row: IWebhook, now = new Date()): HookSecrets {
  const hookId = row.githubHookId
  // Bound to its repository: the ingest refuses this secret for any other.
  const accepted: HookSecrets = { current: secrets.open(row.secretEncrypted, hookId), repositoryId: row.repository.githubId }
  if (row.previousSecretEncrypted && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now) {
    accepted.previous = secrets.open(row.previousSecretEncrypted, hookId)
    accepted.previousUntil = row.previousSecretExpiresAt.getTime()
  }
  if (row.pendingSecretEncrypted) accepted.pending = secrets.open(row.pendingSecretEncrypted, hookId)
  return accepted
}
