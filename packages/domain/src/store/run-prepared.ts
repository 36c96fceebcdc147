import type { EntityManager } from '@mikro-orm/postgresql'
import { CompiledQuery, type Transaction } from 'kysely'
import type { PoolClient } from 'pg'
import { applySessionSettings } from './session-settings.ts'

interface Prepared {
  name: string
  text: string
}

/** Distinct statement texts get a name each; past this many (never in practice) they run unnamed. */
const MAX_NAMED = 200
const prepared = new Map<string, Prepared>()
const settled = new WeakSet<PoolClient>()

/** MikroORM's `?` placeholders as pg's numbered ones. The worker's statements use no `?` operator. */
export const numbered = (sql: string) => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

function statementOf(sql: string): Prepared | { text: string } {
  const known = prepared.get(sql)
  if (known) return known
  if (prepared.size >= MAX_NAMED) return { text: numbered(sql) }
  const statement = { name: `gwm_${prepared.size + 1}`, text: numbered(sql) }
  prepared.set(sql, statement)
  return statement
}

export interface RunOptions {
  /**
   * Plan the statement for these values every time it runs (Postgres's unnamed statement). For
   * rare lookups joined to a growing table: a named statement's plan is made once per
   * connection, and one made while the table was small (a scan of all of it) is kept as it grows.
   */
  planEachTime?: boolean
  /**
   * Run this statement first, in one transaction with the statement itself (which then starts
   * after it, with a snapshot of its own): a lock the statement's reads must not race.
   */
  lockFirst?: { sql: string; values: unknown[] }
  /**
   * Plan it (and lockFirst) with sequential scans off, in a transaction of its own. For
   * statements that read open_requests: a small table, so a plan made from its statistics would
   * read it whole, but one that churns (three or four row versions a request), so between two
   * vacuums its heap holds many times the rows it has: read by index, a lookup reads its own.
   */
  byIndex?: boolean
}

/** What byIndex sets, for the statement's transaction alone. */
export const BY_INDEX = 'set local enable_seqscan = off'

/**
 * Runs a hot statement (storing deliveries, recording callback attempts) as a named prepared
 * statement on the ORM's own pg pool: Postgres parses and plans each text once per connection, and the values (a payload of
 * megabytes among them) travel as parameters instead of being escaped into the text. About
 * half the Postgres and Node CPU of em.execute for the statements every event runs.
 * Within a transaction it runs unnamed on the transaction's connection.
 */
export async function runPrepared<Row>(em: EntityManager, sql: string, values: unknown[], options: RunOptions = {}): Promise<Row[]> {
  const { lockFirst, byIndex = false } = options
  const transaction = em.getTransactionContext<Transaction<unknown>>()
  if (transaction) {
    // On the transaction's own connection, the values as parameters: em.execute would inline
    // them into the text, and an array there becomes a list (unnest(?::bigint[]) no longer parses).
    const run = async (text: string, params: unknown[]) => (await transaction.executeQuery<Row>(CompiledQuery.raw(numbered(text), params))).rows
    // The caller's transaction goes on after it: the setting is put back once it has run.
    if (byIndex) await run(`select set_config('enable_seqscan', 'off', true)`, [])
    if (lockFirst) await run(lockFirst.sql, lockFirst.values)
    const rows = await run(sql, values)
    if (byIndex) await run(`select set_config('enable_seqscan', 'on', true)`, [])
    return rows
  }
  const pool = await em.getConnection().getNativeClient()
  const client = await pool.connect()
  try {
    if (!settled.has(client)) {
      await applySessionSettings(client)
      settled.add(client)
    }
    const statement = options.planEachTime ? { text: numbered(sql) } : statementOf(sql)
    const own = lockFirst !== undefined || byIndex
    if (own) await client.query(byIndex ? `begin; ${BY_INDEX}` : 'begin')
    if (lockFirst) await client.query({ ...statementOf(lockFirst.sql), values: lockFirst.values })
    const result = await client.query({ ...statement, values })
    if (own) await client.query('commit')
    client.release()
    return result.rows as Row[]
  } catch (error) {
    // As pool.query does: a client that failed a query is closed rather than reused (its open
    // transaction, if any, ends with it).
    client.release(error as Error)
    throw error
  }
}
