import { randomUUID } from 'node:crypto'
import { BY_INDEX, COALESCE_SQL, coalesceValues, ensurePartitions, NEXT_SQL, nextValues, numbered, type QueuedRequest } from '@gwm/domain'
import { createTestOrm } from '@gwm/testkit'
import pg from 'pg'
import t, { type Test } from 'tap'

// The environments' queue statements run for every batch under one generic plan per connection
// (session-settings.ts), made while the day's partition is small. A plan that reads a partition
// whole then reads it whole for every batch as the day fills: each must find its requests by index.
// The plans are made over today's partition holding an environment's history of this many
// requests, as a worker's are within minutes at a few hundred deliveries a second.
const HISTORY = 5_000

/** The environment's history: production, alternately delivered and superseded, unless told otherwise. */
interface History {
  kind: string
  /** The status of the n-th request of the history, as SQL over n. */
  status: string
}
const PRODUCTION: History = { kind: 'production', status: `case when n % 2 = 0 then 'delivered' else 'superseded' end` }

async function setUp(t: Test, requests: Array<{ status: string; sequence: number | null }>, history = PRODUCTION) {
  const { orm, db } = await createTestOrm(t)
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  t.teardown(() => client.end())
  const now = new Date()
  await ensurePartitions(orm.em.fork(), new Date(now.getTime() - 86_400_000), 3)
  const repositoryId = randomUUID()
  await client.query(`insert into repositories (id, github_id, full_name, default_branch, private, created_at, updated_at) values ($1, 1, 'o/r', 'main', false, $2, $2)`, [repositoryId, now])
  // Sent or superseded before, numbered below the requests under test.
  const first = requests.find((request) => request.sequence !== null)?.sequence ?? 1
  await client.query(
    `insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload)
     select gen_random_uuid(), 'h' || n, 1, 'push', $1, $2::timestamptz - interval '1 minute' + n * interval '1 ms', '{}' from generate_series(1, ${HISTORY}) n`,
    [repositoryId, now],
  )
  await client.query(
    `insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, sequence, attempts, created_at, updated_at, next_attempt_at, received_at)
     select gen_random_uuid(), e.id, e.repository_id, '${history.kind}', 'refs/heads/main', 'production', ${history.status},
       n - ${HISTORY} - 1 + $1, 1, e.received_at, e.received_at, e.received_at, e.received_at
     from webhook_events e, lateral (select substr(e.delivery_id, 2)::int as n) k`,
    [first],
  )
  const ids: string[] = []
  const queued: QueuedRequest[] = []
  for (const [i, { status, sequence }] of requests.entries()) {
    const eventId = randomUUID()
    const receivedAt = new Date(now.getTime() - (requests.length - i) * 10)
    await client.query(`insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload) values ($1, $2, 1, 'push', $3, $4, '{}')`, [eventId, `d${i}`, repositoryId, receivedAt])
    const id = randomUUID()
    ids.push(id)
    queued.push({ id, repositoryId, environment: 'production', receivedAt })
    await client.query(
      `insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, sequence, attempts, created_at, updated_at, next_attempt_at, received_at)
       values ($1, $2, $3, '${history.kind}', 'refs/heads/main', 'production', $4, $5, 0, $6, $6, $6, $6)`,
      [id, eventId, repositoryId, status, sequence, receivedAt],
    )
  }
  await client.query('analyze')
  // As a worker's connection: one generic plan, whatever the values.
  await client.query('set plan_cache_mode = force_generic_plan')
  return { client, ids, queued, now }
}

// As the worker runs them (runPrepared's byIndex): open_requests is small but churns, and is read by index.
async function runCounted(client: pg.Client, name: string, sql: string, values: unknown[]) {
  await client.query(`begin; ${BY_INDEX}`)
  const { rows } = await client.query({ name, text: numbered(sql), values })
  // An empty partition (tomorrow's, the default one) read whole costs nothing.
  const scans = await client.query<{ relname: string; seq_scan: number; fetched: number }>(
    `select s.relname, s.seq_scan::int as seq_scan, coalesce(s.idx_tup_fetch, 0)::int as fetched from pg_stat_xact_user_tables s join pg_class c on c.oid = s.relid
     where (s.relname like 'deployment\\_requests%' or s.relname = 'open_requests') and c.reltuples > 0`,
  )
  await client.query('commit')
  return {
    rows,
    scanned: scans.rows.filter((row) => row.seq_scan > 0).map((row) => row.relname),
    // Rows fetched through an index, across the partitions.
    fetched: scans.rows.reduce((sum, row) => sum + row.fetched, 0),
  }
}

t.test('coalescing a batch reads its requests by id, never a partition whole', async (t) => {
  const { client, ids, queued, now } = await setUp(t, [0, 1, 2, 3, 4].map(() => ({ status: 'delivering', sequence: null })))
  const { rows, scanned } = await runCounted(client, 'coalesce', COALESCE_SQL, coalesceValues(queued, now))
  t.same(scanned, [], 'no sequential scan of open_requests, or of a partition of deployment_requests that holds rows')
  const byId = new Map(rows.map((row) => [row.id, row]))
  t.same(ids.map((id) => byId.get(id)?.status), ['superseded', 'superseded', 'superseded', 'superseded', 'delivering'], 'the newest goes, the older ones are superseded by it')
  t.same(ids.map((id) => Number(byId.get(id)?.sequence)), [1, 2, 3, 4, 5], 'numbered in their order')
})

t.test('the next in line after a settled request is found by index, never by reading a partition whole', async (t) => {
  const { client, ids, queued, now } = await setUp(t, [
    { status: 'delivered', sequence: 1 },
    { status: 'pending', sequence: 2 },
    { status: 'pending', sequence: 3 },
  ])
  const { rows, scanned } = await runCounted(client, 'next', NEXT_SQL, nextValues([queued[0]!], now))
  t.same(scanned, [], 'no sequential scan of open_requests, or of a partition of deployment_requests that holds rows')
  t.same(rows.map((row) => row.id), [ids[2]], 'the newest pending request is next')
  const { rows: statuses } = await client.query<{ id: string; status: string; superseded_by: string | null }>(`select id, status, superseded_by from deployment_requests where id = $1`, [ids[1]])
  t.same(statuses, [{ id: ids[1], status: 'superseded', superseded_by: ids[2] }], 'the older pending one is superseded by it')
})

t.test('a teardown after many cancelled ones finds the last request standing by index, not by walking them all', async (t) => {
  // A branch deleted again and again: the first teardown went, every later one was cancelled.
  const { client, ids, queued, now } = await setUp(t, [{ status: 'delivering', sequence: null }], { kind: 'teardown', status: `case when n = 1 then 'delivered' else 'cancelled' end` })
  const { rows, scanned, fetched } = await runCounted(client, 'torn', COALESCE_SQL, coalesceValues(queued, now))
  t.same(scanned, [], 'no sequential scan of open_requests, or of a partition of deployment_requests that holds rows')
  t.ok(fetched < HISTORY / 10, `${fetched} rows read for an environment of ${HISTORY} cancelled teardowns`)
  t.match(rows, [{ id: ids[0], status: 'cancelled' }], 'the new teardown is cancelled: the environment is torn down already')
})
