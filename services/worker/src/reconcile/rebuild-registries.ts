import { SecretBox } from '@gwm/queue'
import { republishInstallations } from './installation-registry.ts'
import { rebuildSecretRegistry } from './secret-registry.ts'
import type { MakeReconcileRun } from './types.ts'

/**
 * `rebuild-secret-registry`: the ingest's registries in Redis rebuilt from Postgres, so a Redis
 * that lost them refuses deliveries only until this runs (at start, on every reconnection and
 * hourly): the hook secrets (with SECRETS_KEY, the gateway's key) and, in App mode, the
 * installations.
 */
export const makeRebuildRegistries: MakeReconcileRun = ({ orm, redis, config, githubApp, log }) => {
  const box = config.SECRETS_KEY ? new SecretBox(config.SECRETS_KEY) : undefined
  if (!box) log.warn('SECRETS_KEY is not set: the ingest\'s hook-secret registry is not rebuilt from Postgres (give the worker the gateway\'s SECRETS_KEY)')
  const em = () => orm.em.fork()
  return async () => {
    const secrets = box ? await rebuildSecretRegistry({ em, redis, box, prefix: config.QUEUE_PREFIX, log }) : 'no SECRETS_KEY'
    const installations = githubApp ? await republishInstallations({ em, redis, prefix: config.QUEUE_PREFIX }) : 'not App mode'
    return { secrets, installations }
  }
}
