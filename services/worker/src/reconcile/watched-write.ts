import type { ChainableCommander, Redis } from 'ioredis'

/**
 * Writes one key from what Postgres says, unless someone else wrote it meanwhile: the key is
 * watched before Postgres is read, so a gateway that committed and published a newer value
 * after our read makes our write a no-op ('raced') instead of putting the older value back.
 * `conn` must be a connection of our own (WATCH is per connection).
 */
export async function watchedWrite<T>(conn: Redis, key: string, read: () => Promise<T>, write: (tx: ChainableCommander, value: T) => void): Promise<'written' | 'raced'> {
  await conn.watch(key)
  let value: T
  try {
    value = await read()
  } catch (error) {
    await conn.unwatch()
    throw error
  }
  const tx = conn.multi()
  write(tx, value)
  return (await tx.exec()) === null ? 'raced' : 'written'
}

/** A connection of our own for one run's watched writes, closed when the run is done. */
export async function withOwnConnection<T>(redis: Redis, use: (conn: Redis) => Promise<T>): Promise<T> {
  const conn = redis.duplicate()
  conn.on('error', () => {})
  try {
    return await use(conn)
  } finally {
    conn.disconnect()
  }
}
