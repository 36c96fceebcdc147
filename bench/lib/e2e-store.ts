import type pg from 'pg'

// What Postgres holds for a run, read straight from the tables.

/** Accepted deliveries of these that Postgres holds. */
export async function countStored(db: pg.Client, deliveryIds: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from webhook_events where delivery_id = any($1::text[])', [deliveryIds])
  return rows[0]!.n
}

/** Rows sharing a hook id and delivery GUID: must be none. */
export async function duplicateRows(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from (select 1 from webhook_events group by hook_id, delivery_id having count(*) > 1) d')
  return rows[0]!.n
}

/** Events persisted per second: the phase's rows, first to last processed_at. */
export async function persistRate(db: pg.Client, deliveryIds: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number; s: number | null }>(
    'select count(*)::int as n, extract(epoch from max(processed_at) - min(processed_at))::float8 as s from webhook_events where delivery_id = any($1::text[])',
    [deliveryIds],
  )
  const { n, s } = rows[0]!
  return s ? (n - 1) / s : Number.NaN
}
