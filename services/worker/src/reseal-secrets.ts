// Re-seals every stored hook secret with the current SECRETS_KEY (the first of the list): the
// webhooks rows in Postgres, then the ingest's registry in Redis. Run it with the worker's
// environment after SECRETS_KEY=new,old reached every service; when it reports nothing
// unreadable, the old key can be dropped. Safe while the services run, and idempotent.
import { loadWorkerConfig } from '@gwm/config'
import { createOrm } from '@gwm/domain'
import { createRedis, SecretBox, waitForRedis } from '@gwm/queue'
import { loadConfigOrExit, loggerOptions } from '@gwm/runtime'
import Fastify from 'fastify'
import { rebuildSecretRegistry } from './reconcile/secret-registry.ts'
import { resealWebhookRows } from './reseal/reseal-rows.ts'

const config = loadConfigOrExit(loadWorkerConfig)
if (!config.SECRETS_KEY) {
  console.error('reseal-secrets: SECRETS_KEY is not set: give it the gateway\'s keys, the new one first (SECRETS_KEY=new,old)')
  process.exit(2)
}
const { log } = Fastify({ logger: loggerOptions('reseal-secrets', config.LOG_LEVEL, config.LOG_FORMAT) })
const box = new SecretBox(config.SECRETS_KEY)
const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolMax: 2 })
// A connection that queues commands while it connects: the registry's watched writes use a duplicate of it.
const redis = createRedis(config.REDIS_URL, 'worker', 'reseal-secrets')
try {
  await waitForRedis(redis, 10_000)
  const em = () => orm.em.fork()
  const rows = await resealWebhookRows(em, box)
  // The registry is rewritten from the rows, where it is not yet sealed with the current key.
  const registry = await rebuildSecretRegistry({ em, redis, box, prefix: config.QUEUE_PREFIX, log })
  const done = rows.unreadable.length === 0 && rows.raced === 0 && registry.unreadable === 0
  log.info({ keyId: box.keyId, rows, registry }, done
    ? `every hook secret is sealed with key ${box.keyId}: the older SECRETS_KEY entries can be dropped`
    : 'some hook secrets are not re-sealed (see rows.unreadable, rows.raced): run again, or fix them before dropping an old key')
  process.exitCode = done ? 0 : 1
} finally {
  redis.disconnect()
  await orm.close()
}
