import type pg from 'pg'
import { ATTEMPT_COLUMNS, DELIVERY_KEY_COLUMNS, EVENT_COLUMNS, REQUEST_COLUMNS, STATUS_COLUMNS } from './fill-columns.ts'

/** The tables the fill writes, with the columns it writes. */
const FILLED: Record<string, Record<string, string>> = {
  webhook_events: EVENT_COLUMNS,
  delivery_keys: DELIVERY_KEY_COLUMNS,
  deployment_requests: REQUEST_COLUMNS,
  callback_attempts: ATTEMPT_COLUMNS,
  deployment_statuses: STATUS_COLUMNS,
}

/** What the database being filled has: its tables' columns, and whether the events are partitioned by time. */
export interface Schema {
  has(table: string): boolean
  columns(table: string): Set<string>
  partitioned: boolean
}

/**
 * Reads the schema as the migrations left it, and stops when a filled table has a column that
 * must be given (NOT NULL, no default) and fill-columns.ts does not list: adapt the list first.
 */
export async function readSchema(db: pg.Client): Promise<Schema> {
  const { rows } = await db.query<{ table: string; column: string; required: boolean }>(
    `select table_name as table, column_name as column, is_nullable = 'NO' and column_default is null as required
     from information_schema.columns where table_schema = 'public' and table_name = any($1::text[])`,
    [Object.keys(FILLED)],
  )
  const tables = Map.groupBy(rows, (row) => row.table)
  const missing = rows.filter((row) => row.required && !(row.column in FILLED[row.table]!)).map((row) => `${row.table}.${row.column}`)
  if (missing.length) throw new Error(`the schema has columns bench/lib/fill-columns.ts does not fill: ${missing.join(', ')}`)
  const partitioned = await db.query("select 1 from pg_partitioned_table where partrelid = 'webhook_events'::regclass")
  return {
    has: (table) => tables.has(table),
    columns: (table) => new Set((tables.get(table) ?? []).map((row) => row.column)),
    partitioned: partitioned.rowCount! > 0,
  }
}

/**
 * Daily partitions of the four tables for the days the fill covers, named as the worker names
 * the ones it makes (<table>_pYYYYMMDD); days a partition already covers are left alone.
 */
export async function ensureDailyPartitions(db: pg.Client, from: Date, to: Date): Promise<number> {
  let made = 0
  for (let day = Math.floor(from.getTime() / 86_400_000); day * 86_400_000 < to.getTime(); day++) {
    const start = new Date(day * 86_400_000)
    const suffix = `_p${start.toISOString().slice(0, 10).replaceAll('-', '')}`
    const exists = await db.query('select 1 from pg_class where relname = $1', [`webhook_events${suffix}`])
    if (exists.rowCount) continue
    for (const table of ['webhook_events', 'deployment_requests', 'callback_attempts', 'deployment_statuses']) {
      await db.query(`create table ${table}${suffix} partition of ${table} for values from ('${start.toISOString()}') to ('${new Date(start.getTime() + 86_400_000).toISOString()}')`)
    }
    made++
  }
  return made
}
