import { createOrm, migrate, type MikroORM } from '@gwm/domain'
import { createTestDatabase, type TestDatabase } from './database.ts'
import type { TestLike } from './teardown.ts'

/** A fresh database with every migration applied, and an ORM on it (closed on teardown). */
export async function createTestOrm(t: TestLike): Promise<{ orm: MikroORM; db: TestDatabase }> {
  const db = await createTestDatabase(t)
  const orm = await createOrm({ databaseUrl: db.url })
  t.teardown(() => orm.close())
  await migrate(orm)
  return { orm, db }
}
