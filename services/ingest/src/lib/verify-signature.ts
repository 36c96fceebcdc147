import type { HookEntry } from '@gwm/queue'
import { verify } from '@octokit/webhooks-methods'
import type { LoadCache } from './load-cache.ts'
import { NotVerified } from './not-verified.ts'
import { unavailable } from './unavailable.ts'

export interface SecretSources {
  /** Per-hook secrets from the registry the gateway writes (current first, then previous), and the hook's repository. */
  hookSecrets: LoadCache<HookEntry>
  /** WEBHOOK_SECRET: for deliveries whose hook has no secret of its own. */
  fallbackSecret: string | undefined
  /** WEBHOOK_SECRET_REPOSITORY_IDS: the repositories WEBHOOK_SECRET may deliver for. */
  fallbackRepositories: ReadonlySet<number>
  /** The hook of ours a repository has, if any: WEBHOOK_SECRET does not open that repository. */
  hookOfRepository: (repositoryId: number) => Promise<string | undefined>
  /** App mode: GITHUB_APP_ID and GITHUB_APP_WEBHOOK_SECRET, for the App's own deliveries. */
  app: { id: string; secret: string } | undefined
}

/** The hook's target (X-GitHub-Hook-Installation-Target-Type / -ID): a repository, or the App (integration). */
export interface HookTarget {
  type: string | undefined
  id: string | undefined
}

/** A delivery of our GitHub App's webhook (one URL and secret for every installation). */
export const isAppDelivery = (target: HookTarget, sources: Pick<SecretSources, 'app'>) =>
  sources.app !== undefined && target.type === 'integration' && target.id === sources.app.id

async function matchesAny(secrets: string[], body: string, signature: string): Promise<boolean> {
  for (const secret of secrets) {
    // Constant-time compare of the HMAC-SHA256 of the exact text received.
    if (await verify(secret, body, signature)) return true
  }
  return false
}

/** Which secret verified a delivery: its hook's own (bound to a repository when the registry says which), WEBHOOK_SECRET, or the App's. */
export type Verified = { by: 'hook'; hookId: string; repositoryId: number | undefined } | { by: 'fallback' } | { by: 'app' }

/** The hook's own secrets; a 503 when the registry cannot be read or opened. */
export async function hookSecrets(sources: SecretSources, hookId: string, fresh: boolean): Promise<string[]> {
  return (await hookEntry(sources, hookId, fresh)).secrets
}

async function hookEntry(sources: SecretSources, hookId: string, fresh: boolean): Promise<HookEntry> {
  try {
    return await sources.hookSecrets.get(hookId, { fresh })
  } catch (error) {
    // Redis away, or a secret sealed with a key this ingest does not have (see the log).
    const failure = unavailable('the hook secret registry could not be read: the delivery was not stored, redeliver it later')
    failure.cause = error
    throw failure
  }
}

/** No secret to check the delivery with: its hook has none registered and WEBHOOK_SECRET is not set. */
export const unknownHook = (hookId: string | undefined) =>
  new NotVerified('unknown_hook', hookId === undefined
    ? 'the delivery names no hook (X-GitHub-Hook-ID) and WEBHOOK_SECRET is not set: it cannot be verified'
    : `no secret is registered for hook ${hookId} and WEBHOOK_SECRET is not set: set the webhook up through the gateway`)

/**
 * Checks X-Hub-Signature-256 against the hook's own secrets, or WEBHOOK_SECRET when the hook
 * has none; a delivery of our GitHub App's webhook against GITHUB_APP_WEBHOOK_SECRET. A mismatch against cached secrets is retried once with the registry's current
 * ones, so a secret rotated a moment ago is honoured. Throws NotVerified (a 401 whose reason
 * and detail only the log sees; never the secret), or a 503 when the registry cannot be read or opened.
 */
export async function verifySignature(body: string, signature: string, hookId: string | undefined, sources: SecretSources, target: HookTarget = { type: undefined, id: undefined }): Promise<Verified> {
  if (isAppDelivery(target, sources)) {
    if (await matchesAny([sources.app!.secret], body, signature)) return { by: 'app' }
    throw new NotVerified('signature_mismatch', 'X-Hub-Signature-256 does not match the body: check GITHUB_APP_WEBHOOK_SECRET (the App\'s webhook secret)')
  }
  let known = false
  let ownSecrets = false
  for (const fresh of hookId === undefined ? [false] : [false, true]) {
    const entry = hookId === undefined ? undefined : await hookEntry(sources, hookId, fresh)
    const own = entry?.secrets ?? []
    const secrets = own.length > 0 ? own : sources.fallbackSecret ? [sources.fallbackSecret] : []
    known = secrets.length > 0
    ownSecrets = own.length > 0
    if (known && body !== '' && (await matchesAny(secrets, body, signature))) {
      return ownSecrets ? { by: 'hook', hookId: hookId!, repositoryId: entry?.repositoryId } : { by: 'fallback' }
    }
  }
  if (!known) throw unknownHook(hookId)
  throw new NotVerified('signature_mismatch', ownSecrets
    ? `X-Hub-Signature-256 does not match the body: check the secret of hook ${hookId}`
    : `X-Hub-Signature-256 does not match the body: check WEBHOOK_SECRET (${hookId === undefined ? 'no hook id' : `hook ${hookId} has no secret of its own`})`)
}
