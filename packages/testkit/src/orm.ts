import { createOrm, type MikroORM } from '@gwm/domain'
import { createTestDatabase, type TestDatabase } from './database.ts'
import { migratedTemplate } from './migrated-template.ts'
import type { TestLike } from './teardown.ts'

/** A fresh database with every migration applied (a copy of the migrated template), and an ORM on it (closed on teardown). */
export async function createTestOrm(t: TestLike): Promise<{ orm: MikroORM; db: TestDatabase }> {
  const db = await createTestDatabase(t, migratedTemplate)
  const orm = await createOrm({ databaseUrl: db.url })
  t.teardown(() => orm.close())
  return { orm, db }
}
