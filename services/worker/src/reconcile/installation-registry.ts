import { type EntityManager, installationRecords } from '@gwm/domain'
import { installationFields, installationsKey } from '@gwm/queue'
import type { Redis } from 'ioredis'
import { watchedWrite, withOwnConnection } from './watched-write.ts'

const TRIES = 5

/**
 * App mode: the ingest's installation registry (one hash) republished from Postgres. A store
 * stage that publishes a change while we read makes us read again, so an older view is never
 * written over a newer one.
 */
export async function republishInstallations(opts: { em: () => EntityManager; redis: Redis; prefix: string }): Promise<number> {
  const key = installationsKey(opts.prefix)
  return withOwnConnection(opts.redis, async (conn) => {
    for (let attempt = 1; attempt <= TRIES; attempt++) {
      let count = 0
      const outcome = await watchedWrite(conn, key, () => installationRecords(opts.em(), 'all'), (tx, records) => {
        count = records.length
        if (records.length > 0) tx.hset(key, installationFields(records))
      })
      if (outcome === 'written') return count
    }
    throw new Error(`the installation registry kept changing while it was rebuilt (${TRIES} tries): the next run tries again`)
  })
}
