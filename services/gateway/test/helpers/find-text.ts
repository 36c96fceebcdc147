import type { MikroORM } from '@gwm/domain'
import type { Redis } from 'ioredis'

/** Every row of every table of the database, as text, that contains needle. */
export async function rowsContaining(orm: MikroORM, needle: string): Promise<string[]> {
  const connection = orm.em.getConnection()
  const tables = await connection.execute<Array<{ table_name: string }>>(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  )
  const found: string[] = []
  for (const { table_name: table } of tables) {
    const rows = await connection.execute<Array<{ row: string }>>(`select t::text as row from "${table}" t`)
    for (const { row } of rows) if (row.includes(needle)) found.push(`${table}: ${row}`)
  }
  return found
}

const OTHER_TEST = /^\{t[0-9a-f]{10}\}/

/**
 * Every Redis key whose name or value contains needle: the keys under ownPrefix and every
 * key outside any test prefix (so a write that escaped the prefix is caught too). Other test
 * files' keys, which share this Redis, are skipped.
 */
export async function keysContaining(redis: Redis, needle: string, ownPrefix: string): Promise<string[]> {
  const found: string[] = []
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'COUNT', 1000)
    cursor = next
    for (const key of keys) {
      if (OTHER_TEST.test(key) && !key.startsWith(ownPrefix)) continue
      const type = await redis.type(key)
      const value =
        type === 'string' ? await redis.get(key)
        : type === 'hash' ? JSON.stringify(await redis.hgetall(key))
        : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1))
        : type === 'set' ? JSON.stringify(await redis.smembers(key))
        : type === 'zset' ? JSON.stringify(await redis.zrange(key, '0', '-1'))
        : type === 'stream' ? JSON.stringify(await redis.xrange(key, '-', '+'))
        : ''
      if (key.includes(needle) || (value ?? '').includes(needle)) found.push(key)
    }
  } while (cursor !== '0')
  return found
}
