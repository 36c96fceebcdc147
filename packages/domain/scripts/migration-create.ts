// Generates a migration from the difference between the entities and the last snapshot.
// Usage: DATABASE_URL=postgres://... node scripts/migration-create.ts
import { createOrm } from '../src/orm.ts'

const orm = await createOrm({ databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' })
try {
  const result = await orm.migrator.create(undefined, false, false)
  console.log(result.fileName ? `created ${result.fileName}: add it to src/migrations/index.ts` : 'no changes')
} finally {
  await orm.close()
}
