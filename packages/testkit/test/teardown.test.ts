import pg from 'pg'
import t from 'tap'
import { createTestDatabase, createTestRedis, postgresAdminUrl } from '../src/index.ts'

t.test('teardown drops the database and deletes the prefix keys', async (t) => {
  let name = ''
  let prefix = ''
  const redisChecks: Array<() => Promise<void>> = []
  await t.test('inner', async (inner) => {
    const db = await createTestDatabase(inner)
    const redis = await createTestRedis(inner)
    name = db.name
    prefix = redis.prefix
    await redis.client.set(`${prefix}:marker`, '1')
    const client = redis.client.duplicate()
    redisChecks.push(async () => {
      t.equal(await client.exists(`${prefix}:marker`), 0, 'redis keys deleted')
      client.disconnect()
    })
  })
  const admin = new pg.Client({ connectionString: await postgresAdminUrl() })
  await admin.connect()
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
  await admin.end()
  t.equal(found.rowCount, 0, 'database dropped')
  for (const check of redisChecks) await check()
})
