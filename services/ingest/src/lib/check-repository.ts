import type { PayloadView } from '@gwm/queue'
import { NotVerified } from './not-verified.ts'
import { unavailable } from './unavailable.ts'
import type { SecretSources, Verified } from './verify-signature.ts'

const repositoryIdOf = (view: PayloadView): number | undefined => {
  const id = (view.repository as { id?: unknown } | undefined)?.id
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : undefined
}

async function ownHook(sources: SecretSources, repositoryId: number): Promise<string | undefined> {
  try {
    return await sources.hookOfRepository(repositoryId)
  } catch (error) {
    const failure = unavailable('the hook secret registry could not be read: the delivery was not stored, redeliver it later')
    failure.cause = error
    throw failure
  }
}

/**
 * A secret opens its own repositories only. A hook's secret opens the repository the gateway
 * published it for (an entry published before hooks were bound opens any, until the worker's
 * registry rebuild binds it). WEBHOOK_SECRET opens the repositories WEBHOOK_SECRET_REPOSITORY_IDS
 * lists, except those that have a hook secret of their own; a payload that names no repository
 * is not one it opens. The App's deliveries are checked against their installation instead.
 */
export async function checkRepository(verified: Verified, view: PayloadView, sources: SecretSources): Promise<void> {
  const repositoryId = repositoryIdOf(view)
  if (verified.by === 'hook') {
    if (verified.repositoryId === undefined || repositoryId === verified.repositoryId) return
    throw new NotVerified('repository_mismatch', `hook ${verified.hookId} belongs to repository ${verified.repositoryId}; the payload is about ${repositoryId === undefined ? 'no repository' : `repository ${repositoryId}`}`)
  }
  if (verified.by !== 'fallback') return
  if (repositoryId === undefined || !sources.fallbackRepositories.has(repositoryId)) {
    throw new NotVerified('repository_not_allowed', `signed with WEBHOOK_SECRET, about ${repositoryId === undefined ? 'no repository' : `repository ${repositoryId}`}: WEBHOOK_SECRET_REPOSITORY_IDS does not list it`)
  }
  const own = await ownHook(sources, repositoryId)
  if (own !== undefined) throw new NotVerified('repository_has_own_hook', `signed with WEBHOOK_SECRET, about repository ${repositoryId}, which has a hook secret of its own (hook ${own})`)
}
