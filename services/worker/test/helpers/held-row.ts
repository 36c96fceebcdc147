import type { EntityManager } from '@gwm/domain'

/**
 * Holds the rows `sql` selects (`… for update`) in a transaction of a third connection until
 * released: statements that need them wait, so a test can line up a race in the order it wants.
 */
export async function holdRows(em: EntityManager, sql: string, values: unknown[]): Promise<{ release: () => Promise<void> }> {
  let letGo!: () => void
  let holding!: () => void
  const holds = new Promise<void>((resolve) => { holding = resolve })
  const held = em.transactional(async (tx) => {
    await tx.execute(sql, values)
    holding()
    await new Promise<void>((resolve) => { letGo = resolve })
  })
  await holds
  return {
    release: async () => {
      letGo()
      await held
    },
  }
}

/** Resolves once `n` backends of this database wait for a lock (throws after about 10 s). */
export async function lockWaiters(em: () => EntityManager, n: number): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    const [row] = await em().execute<{ n: number }[]>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)
    if (row!.n >= n) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`${n} backends never waited for a lock`)
}
