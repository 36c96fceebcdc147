import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { redisUrl } from './backing-services.ts'
import type { TestLike } from './teardown.ts'

export interface TestRedis {
  url: string
  /** A BullMQ prefix (with a Cluster hash tag) that only this test uses. */
  prefix: string
  /** A plain client for assertions; closed on teardown. */
  client: Redis
}

/** Escapes Redis glob characters so a prefix can be matched literally. */
const globEscape = (text: string) => text.replace(/[*?[\]{}\\]/g, '\\$&')

export async function deleteKeys(client: Redis, prefix: string): Promise<number> {
  let deleted = 0
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', 1000)
    cursor = next
    if (keys.length > 0) deleted += await client.del(...keys)
  } while (cursor !== '0')
  return deleted
}

/** Shared Redis, isolated by prefix: every key under it is deleted on teardown. */
export async function createTestRedis(t: TestLike): Promise<TestRedis> {
  const url = await redisUrl()
  const prefix = `{t${randomBytes(5).toString('hex')}}`
  const client = new Redis(url, { maxRetriesPerRequest: 3 })
  t.teardown(async () => {
    await deleteKeys(client, prefix)
    client.disconnect()
  })
  return { url, prefix, client }
}
