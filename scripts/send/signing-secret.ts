import type { IngestConfig } from '@gwm/config'
import { createRedis, hookOfRepository, readHookEntry, SecretBox, waitForRedis } from '@gwm/queue'
import { SendError } from './usage-error.ts'

/** The secret the ingest will check a delivery about this repository with, and the hook GitHub would name. */
export interface SigningSecret {
  secret: string
  hookId?: string
  /** Said to the user: which secret signed it. */
  source: string
}

/**
 * As the ingest decides: a repository with a hook of ours is signed with that hook's current
 * secret (from the registry the gateway writes, opened with SECRETS_KEY), under its hook id; one
 * without, with WEBHOOK_SECRET if WEBHOOK_SECRET_REPOSITORY_IDS lists it. Otherwise the ingest
 * would refuse it: say why and what to change instead of sending.
 */
export async function signingSecret(config: IngestConfig, repositoryId: number | undefined, repoName: string): Promise<SigningSecret> {
  if (repositoryId !== undefined) {
    const own = await ownHookSecret(config, repositoryId)
    if (own) return own
  }
  if (!config.WEBHOOK_SECRET) {
    throw new SendError(`${repoName} has no hook of ours and WEBHOOK_SECRET is not set: connect the repository (POST /api/repos/{owner}/{repo}/setup-webhook, or npm run demo), or set WEBHOOK_SECRET and list ${repositoryId ?? 'its id'} in WEBHOOK_SECRET_REPOSITORY_IDS (.env), then restart npm start`)
  }
  if (repositoryId === undefined) {
    throw new SendError('the payload names no repository: the ingest opens WEBHOOK_SECRET only for the repositories WEBHOOK_SECRET_REPOSITORY_IDS lists (send an event about a repository, or pass --repo owner/name)')
  }
  if (!config.WEBHOOK_SECRET_REPOSITORY_IDS.includes(repositoryId)) {
    throw new SendError(`${repoName} (id ${repositoryId}) has no hook of ours, and WEBHOOK_SECRET_REPOSITORY_IDS does not list it, so the ingest would refuse it: connect the repository (POST /api/repos/{owner}/{repo}/setup-webhook, or npm run demo), or add ${repositoryId} to WEBHOOK_SECRET_REPOSITORY_IDS in .env and restart npm start`)
  }
  return { secret: config.WEBHOOK_SECRET, source: 'WEBHOOK_SECRET' }
}

async function ownHookSecret(config: IngestConfig, repositoryId: number): Promise<SigningSecret | undefined> {
  const redis = createRedis(config.REDIS_URL, 'producer', 'gwm-send')
  try {
    await waitForRedis(redis, 10_000).catch(() => {
      throw new SendError(`Redis at ${new URL(config.REDIS_URL).host} does not answer: it holds the hooks' secrets; start the stack with npm start (or set REDIS_URL)`)
    })
    const hookId = await hookOfRepository(redis, config.QUEUE_PREFIX, repositoryId)
    if (hookId === undefined) return undefined
    let secrets: string[]
    try {
      secrets = (await readHookEntry(redis, new SecretBox(config.SECRETS_KEY), config.QUEUE_PREFIX, hookId)).secrets
    } catch {
      throw new SendError(`hook ${hookId}'s secret does not open with SECRETS_KEY: use the SECRETS_KEY the gateway sealed it with (.env or .data/local-secrets.json)`)
    }
    const [current] = secrets
    return current === undefined ? undefined : { secret: current, hookId, source: `hook ${hookId}'s own secret` }
  } finally {
    redis.disconnect()
  }
}
