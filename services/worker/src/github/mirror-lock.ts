import type { EntityManager } from '@gwm/domain'

/**
 * Runs `fn` holding a Postgres advisory lock named by `key` (for the transaction's length), so
 * two workers never mirror the same thing at once. An advisory lock, not a row lock: the
 * GitHub call it spans may be slow, and the request's row must stay free for the callback path
 * and the platform's statuses. A worker that dies releases it with its connection.
 */
export function withMirrorLock<T>(em: EntityManager, key: string, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
  return em.transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`gwm-mirror:${key}`])
    return fn(tx)
  })
}
