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

/** Epoch ms the last of these deliveries was stored (its processed_at), if any was. */
export async function lastStored(db: pg.Client, deliveryIds: string[]): Promise<number | undefined> {
  const { rows } = await db.query<{ at: number | null }>('select extract(epoch from max(processed_at))::float8 * 1000 as at from webhook_events where delivery_id = any($1::text[])', [deliveryIds])
  return rows[0]?.at ?? undefined
}

/** What Postgres holds for one accepted delivery: its deployment requests, and those never to be sent. */
export interface StoredRequests {
  requests: number
  /** Replaced by a newer request of the same environment before it was sent. */
  superseded: number
  /** A second teardown of an environment already torn down. */
  cancelled: number
}

/**
 * Per delivery GUID that Postgres holds (deliveries not yet stored are absent): its requests
 * and how many of them ended superseded or cancelled. Coalescing sends at most one callback
 * per environment at a time, so these are the callbacks that will never come, by design.
 */
export async function storedRequests(db: pg.Client, deliveryIds: string[]): Promise<Map<string, StoredRequests>> {
  const { rows } = await db.query<{ delivery_id: string; requests: number; superseded: number; cancelled: number }>(
    `select e.delivery_id, count(d.id)::int as requests,
       count(d.id) filter (where d.status = 'superseded')::int as superseded,
       count(d.id) filter (where d.status = 'cancelled')::int as cancelled
     from webhook_events e left join deployment_requests d on d.event_id = e.id
     where e.delivery_id = any($1::text[]) group by e.delivery_id`,
    [deliveryIds],
  )
  return new Map(rows.map((row) => [row.delivery_id, { requests: row.requests, superseded: row.superseded, cancelled: row.cancelled }]))
}

/** Callbacks still to come for a delivery: its stored requests not superseded or cancelled; the rules' count until it is stored. */
export const expectedCallbacks = (stored: StoredRequests | undefined, derived: number) => (stored ? stored.requests - stored.superseded - stored.cancelled : derived)
