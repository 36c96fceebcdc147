import type pg from 'pg'

// Loading into a table is faster without its secondary indexes, built once at the end. Their
// definitions are kept in a table first, so a fill that was interrupted can put them back.

const KEPT = 'bench_fill_dropped_indexes'

/** Drops the indexes of these tables that back no constraint (primary keys and uniques stay); remembers them. */
export async function dropSecondaryIndexes(db: pg.Client, tables: string[]): Promise<string[]> {
  await db.query(`create table if not exists ${KEPT} (name text primary key, definition text not null)`)
  const { rows } = await db.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
     from pg_index i join pg_class c on c.oid = i.indrelid
     where c.relname = any($1::text[]) and c.relnamespace = 'public'::regnamespace
       and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    [tables],
  )
  for (const row of rows) {
    await db.query(`insert into ${KEPT} (name, definition) values ($1, $2) on conflict (name) do nothing`, [row.name, row.definition])
    await db.query(`drop index ${row.name}`)
  }
  return rows.map((row) => row.name)
}

/** Creates the remembered indexes again, `parallel` at a time, and forgets them. */
export async function restoreIndexes(clients: pg.Client[], log: (line: string) => void): Promise<void> {
  const [first] = clients
  if (!first) return
  const exists = await first.query<{ t: string | null }>(`select to_regclass('${KEPT}')::text as t`)
  if (!exists.rows[0]?.t) return
  const { rows } = await first.query<{ name: string; definition: string }>(`select name, definition from ${KEPT}`)
  const queue = [...rows]
  await Promise.all(clients.map(async (db) => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const started = Date.now()
      // A partitioned table's index reads "ON ONLY <table>", which would build it for the parent alone.
      await db.query(next.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS ').replace(' ON ONLY ', ' ON '))
      await db.query(`delete from ${KEPT} where name = $1`, [next.name])
      log(`index ${next.name} built in ${((Date.now() - started) / 1000).toFixed(0)} s`)
    }
  }))
  await first.query(`drop table ${KEPT}`)
}
