// Applies pending migrations to DATABASE_URL (the local stack and the compose migrate job run this).
import { createOrm, migrate } from '../src/orm.ts'

const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) {
  console.error('migrate: DATABASE_URL is missing (expected a postgres:// URL)')
  process.exit(1)
}
const orm = await createOrm({ databaseUrl })
try {
  const applied = await migrate(orm)
  console.log(applied.length ? `migrate: applied ${applied.join(', ')}` : 'migrate: up to date')
} finally {
  await orm.close()
}
