import type pg from 'pg'

export interface Step {
  sql: string
  ms: number
  /** Table locks this statement took that the transaction did not hold yet (relation: mode). */
  locks: string[]
}

const HELD_SQL = `select c.relname as relation, l.mode from pg_locks l join pg_class c on c.oid = l.relation
  where l.pid = pg_backend_pid() and l.locktype = 'relation' and c.relkind in ('r', 'p') and c.relnamespace = 'public'::regnamespace`

/** Runs the statements in one transaction, as the migrator does, timing each and noting the table locks each one added. */
export async function runTimed(db: pg.Client, statements: string[]): Promise<{ steps: Step[]; commitMs: number }> {
  const steps: Step[] = []
  const held = new Set<string>()
  await db.query('begin')
  for (const sql of statements) {
    const start = performance.now()
    await db.query(sql)
    const ms = performance.now() - start
    const locks = (await db.query<{ relation: string; mode: string }>(HELD_SQL)).rows.map((row) => `${row.relation}: ${row.mode}`).filter((lock) => !held.has(lock))
    for (const lock of locks) held.add(lock)
    steps.push({ sql, ms, locks })
  }
  const start = performance.now()
  await db.query('commit')
  return { steps, commitMs: performance.now() - start }
}
