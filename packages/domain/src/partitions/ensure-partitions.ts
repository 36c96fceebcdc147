import type { EntityManager } from '@mikro-orm/postgresql'
import { PARTITIONED_TABLES } from '../orm.ts'
import { daySuffix, daysAfter } from './days.ts'

/** Making a partition locks its parent (ACCESS EXCLUSIVE): wait this long at most, then try again next run. */
const LOCK_TIMEOUT = '5s'

export interface Ensured {
  created: string[]
  /** Days not made, and why (e.g. the legacy partition covers them, or the default partition holds rows of them). */
  skipped: string[]
}

const existing = async (em: EntityManager, suffix: string) =>
  (await em.execute<Array<{ n: number }>>('select count(*)::int as n from pg_class where relname = ?', [`webhook_events${suffix}`]))[0]!.n > 0

/**
 * Makes the daily partitions of the four partitioned tables for `days` days from the day of
 * `from`, those missing: one transaction a day, so the four always share their bounds. A day
 * another partition already covers (the legacy one) or whose rows sit in the default partition
 * is skipped: its rows stay where they are, and the default partition is pruned row by row.
 */
export async function ensurePartitions(em: EntityManager, from: Date, days: number): Promise<Ensured> {
  const ensured: Ensured = { created: [], skipped: [] }
  for (let i = 0; i < days; i++) {
    const start = daysAfter(from, i)
    const end = daysAfter(from, i + 1)
    const suffix = daySuffix(start)
    if (await existing(em, suffix)) continue
    try {
      await em.transactional(async (tx) => {
        await tx.execute(`set local lock_timeout = '${LOCK_TIMEOUT}'`)
        for (const table of PARTITIONED_TABLES) {
          await tx.execute(`create table "${table}${suffix}" partition of "${table}" for values from ('${start.toISOString()}') to ('${end.toISOString()}')`)
        }
      })
      ensured.created.push(suffix.slice(2))
    } catch (error) {
      ensured.skipped.push(`${suffix.slice(2)}: ${(error as Error).message}`)
    }
  }
  return ensured
}
