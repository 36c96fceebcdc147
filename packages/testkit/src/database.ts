import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { postgresAdminUrl } from './backing-services.ts'
import type { TestLike } from './teardown.ts'

export interface TestDatabase {
  /** Connection URL of a database that only this test file uses. */
  url: string
  name: string
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/**
 * A fresh database for this test, empty or a copy of `template`; dropped (connections and all)
 * on teardown.
 */
export async function createTestDatabase(t: TestLike, template?: (adminUrl: string) => Promise<string>): Promise<TestDatabase> {
  const adminUrl = await postgresAdminUrl()
  const name = `gwm_test_${randomBytes(6).toString('hex')}`
  const from = template ? ` TEMPLATE "${await template(adminUrl)}"` : ''
  await admin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"${from}`))
  t.teardown(() => admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)))
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), name }
}
