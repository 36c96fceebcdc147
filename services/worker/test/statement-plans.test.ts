import { randomUUID } from 'node:crypto'
import { createTestOrm } from '@gwm/testkit'
import pg from 'pg'
import t from 'tap'
import { numbered } from '@gwm/domain'
import { RECORD_ATTEMPTS_SQL } from '../src/deliver/record-attempts.ts'

// The worker's hot statements are named: Postgres plans each once per connection and keeps the
// plan. A plan made while a table was small, if it scans the table whole, is kept as it grows.
t.test('recording attempts scans no table whole, with a plan made while the tables were small', async (t) => {
  const { db } = await createTestOrm(t)
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  t.teardown(() => client.end())
  const now = new Date()
  const repositoryId = randomUUID()
  await client.query(`insert into repositories (id, github_id, full_name, default_branch, private, created_at, updated_at) values ($1, 1, 'o/r', 'main', false, $2, $2)`, [repositoryId, now])
  const requestIds: string[] = []
  for (let i = 0; i < 5; i++) {
    const eventId = randomUUID()
    await client.query(`insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload) values ($1, $2, 1, 'push', $3, $4, '{}')`, [eventId, `d${i}`, repositoryId, now])
    const requestId = randomUUID()
    requestIds.push(requestId)
    await client.query(
      `insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, attempts, created_at, updated_at, next_attempt_at, received_at) values ($1, $2, $3, 'production', 'refs/heads/main', 'production', 'delivering', 0, $4, $4, $4, $4)`,
      [requestId, eventId, repositoryId, now],
    )
  }
  // As a connection that has run the statement often enough to keep its generic plan.
  await client.query('set plan_cache_mode = force_generic_plan')
  const column = <T>(value: T) => requestIds.map(() => value)
  await client.query('begin')
  const { rows } = await client.query<{ id: string; attempts: number }>({
    name: 'record',
    text: numbered(RECORD_ATTEMPTS_SQL),
    values: [requestIds.map(() => randomUUID()), requestIds, column(false), column(now), column(200), column(3), column(null), column(null), column('delivered'), column(now), column(null), column(null), column(now)],
  })
  const scans = await client.query<{ relname: string; seq_scan: string }>(`select relname, seq_scan from pg_stat_xact_user_tables where seq_scan > 0`)
  await client.query('commit')
  t.same(scans.rows, [], 'no sequential scan of any table')
  t.same(rows.map((row) => row.attempts), [1, 1, 1, 1, 1], 'every request took its attempt')
  const stored = await client.query<{ status: string; n: string }>(`select r.status, count(a.id) as n from deployment_requests r join callback_attempts a on a.request_id = r.id group by r.status`)
  t.same(stored.rows, [{ status: 'delivered', n: '5' }], 'each request delivered, with its attempt stored')
})
