import { createOrm, migrate } from '@gwm/domain'
import { createTestDatabase } from '@gwm/testkit'
import t from 'tap'

// Migration20261207010000 on a database that has rows: the events store becomes partitioned by
// day, its rows kept (the existing tables attached whole as the legacy partition).
const db = await createTestDatabase(t)
const orm = await createOrm({ databaseUrl: db.url })
t.teardown(() => orm.close())
await orm.migrator.up({ to: 'Migration20261207000400' })
const sql = <T>(query: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(query, params)
const count = async (query: string, params: unknown[] = []) => Number((await sql<{ n: string }>(`select count(*) as n from ${query}`, params))[0]?.n)

// 300 events over ten days up to now, a request each (one in ten older than requests' received_at,
// so without it), an attempt each, a status for one in three, and a platform notice's attempt.
await sql(`insert into repositories (id, github_id, full_name, default_branch, private, created_at, updated_at) values ('00000000-0000-0000-0000-000000000001', 1, 'o/r', 'main', false, now(), now())`)
await sql(`insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload)
  select gen_random_uuid(), 'd-' || g, 7, 'push', '00000000-0000-0000-0000-000000000001', now() - g * interval '48 minutes', '{}' from generate_series(1, 300) g`)
await sql(`insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, attempts, created_at, updated_at, next_attempt_at, received_at)
  select gen_random_uuid(), id, repository_id, 'production', 'refs/heads/main', 'production', 'delivered', 1, now(), now(), now(),
    case when substr(delivery_id, 3)::int % 10 = 0 then null else received_at end from webhook_events`)
await sql(`insert into callback_attempts (id, request_id, at, status_code, duration_ms) select gen_random_uuid(), id, now(), 200, 5 from deployment_requests`)
await sql(`insert into deployment_statuses (id, request_id, state, fingerprint, applied, created_at)
  select gen_random_uuid(), d.id, 'success', 'f', true, now() from deployment_requests d join webhook_events e on e.id = d.event_id where substr(e.delivery_id, 3)::int % 3 = 0`)
await sql(`insert into users (id, github_id, login, created_at, updated_at) values ('00000000-0000-0000-0000-0000000000aa', 1, 'octocat', now(), now())`)
await sql(`insert into platform_notices (id, type, user_id, data, status, attempts, next_attempt_at, created_at, updated_at)
  values ('00000000-0000-0000-0000-0000000000bb', 'user.provisioned', '00000000-0000-0000-0000-0000000000aa', '{}', 'delivered', 1, now(), now(), now())`)
await sql(`insert into callback_attempts (id, notice_id, at, duration_ms) values (gen_random_uuid(), '00000000-0000-0000-0000-0000000000bb', now(), 5)`)

const TABLES = ['webhook_events', 'deployment_requests', 'callback_attempts', 'deployment_statuses']
const ids = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, (await sql<{ id: string }>(`select id from ${table} order by id`)).map((row) => row.id)])))
const before = await ids()

t.test('every row is kept, once, in the legacy partition of its table; the events\' keys are there', async (t) => {
  await migrate(orm)
  const after = await ids()
  for (const table of TABLES) {
    t.same(after[table], before[table], `${table}: the same ${before[table]!.length} rows, none twice`)
    t.equal(await count(`${table}_legacy`), before[table]!.length, `all in ${table}_legacy`)
    t.equal(await count('pg_partitioned_table where partrelid = ?::regclass', [table]), 1, `${table} is partitioned`)
  }
  t.equal(await count('delivery_keys k join webhook_events e on e.id = k.event_id and e.received_at = k.received_at and e.hook_id = k.hook_id and e.delivery_id = k.delivery_id'), 300, 'a key for each event')
  t.equal(await count('deployment_requests d join webhook_events e on e.id = d.event_id and e.received_at = d.received_at'), 300, 'each request carries its event\'s receipt time, the older ones too')
  t.equal(await count('callback_attempts a join deployment_requests d on d.id = a.request_id and d.received_at = a.received_at'), 300, 'each attempt its request\'s')
  t.equal(await count('deployment_statuses s join deployment_requests d on d.id = s.request_id and d.received_at = s.received_at'), 100, 'each status its request\'s')
  t.equal(await count(`callback_attempts where notice_id is not null and received_at = at`), 1, 'a notice\'s attempt, its own time')
})

t.test('the foreign keys hold across the partitions, with their delete rules', async (t) => {
  const [request] = await sql<{ id: string; event_id: string; received_at: Date }>(`select id, event_id, received_at from deployment_requests where id in (select request_id from deployment_statuses) limit 1`)
  await t.rejects(sql('delete from webhook_events where id = ?', [request!.event_id]), /violates foreign key constraint "deployment_requests_event_id_received_at_f.*" on table "deployment_requests"/, 'an event a request needs stays')
  await t.rejects(
    sql(`insert into callback_attempts (id, request_id, at, duration_ms, received_at) values (gen_random_uuid(), ?, now(), 5, now())`, [request!.id]),
    /violates foreign key constraint "callback_attempts_request_id_received_at_foreign"/,
    'an attempt names its request\'s receipt time, or is refused',
  )
  await t.rejects(sql(`insert into callback_attempts (id, request_id, at, duration_ms) values (gen_random_uuid(), ?, now(), 5)`, [request!.id]), /received_at/, 'and cannot leave it out')
  await sql('delete from deployment_requests where id = ?', [request!.id])
  t.equal(await count('callback_attempts where request_id = ?', [request!.id]), 0, 'a request\'s attempts go with it')
  t.equal(await count('deployment_statuses where request_id = ?', [request!.id]), 0, 'and its statuses')
  await t.rejects(sql(`insert into delivery_keys (hook_id, delivery_id, event_id, received_at) values (7, 'd-1', gen_random_uuid(), now())`), /delivery_keys_pkey/, 'a delivery stored before has its key: never stored twice')
})
