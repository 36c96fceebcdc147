import type { EntityManager } from '@mikro-orm/postgresql'
import { PARTITIONED_TABLES } from '../orm.ts'
import { daySuffix } from './days.ts'

/**
 * Fresh statistics for today's partitions, the ones being written. Under a steady load
 * autovacuum did not analyze the day's partition for minutes (still never analyzed at 84,000 rows
 * after 7 minutes at 500/s, its workers busy vacuuming), so the worker's plans were made with
 * Postgres' default estimates: an id looked up as if 0.5 % of the partition matched it, and
 * read through the status index as well. skip_locked: a partition another worker is analyzing
 * is left to it. Returns the partitions analyzed.
 */
export async function analyzeToday(em: EntityManager, now = new Date()): Promise<string[]> {
  const names = PARTITIONED_TABLES.map((table) => `${table}${daySuffix(now)}`)
  const rows = await em.execute<Array<{ name: string }>>(`select relname as name from pg_class where relname = any(?::text[]) and relkind = 'r'`, [`{${names.join(',')}}`])
  const present = names.filter((name) => rows.some((row) => row.name === name))
  if (present.length > 0) await em.execute(`analyze (skip_locked) ${present.map((name) => `"${name}"`).join(', ')}`)
  return present
}
