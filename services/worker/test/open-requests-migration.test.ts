import { createOrm, migrate } from '@gwm/domain'
import { createTestDatabase, openRequestsDrift } from '@gwm/testkit'
import t from 'tap'

// Migration20261207080000 on a database that has requests: the ones open then are copied into
// open_requests, and from then on every write of deployment_requests keeps it true.
const db = await createTestDatabase(t)
const orm = await createOrm({ databaseUrl: db.url })
t.teardown(() => orm.close())
await orm.migrator.up({ to: 'Migration20261207070000' })
const sql = <T>(query: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(query, params)
const openIds = async () => (await sql<{ id: string }>('select id from open_requests order by id')).map((row) => row.id)

// 80 requests over two environments, ten of each status.
const STATUSES = ['pending', 'delivering', 'delivered', 'failed', 'cancelled', 'waiting_checks', 'blocked', 'superseded']
await sql(`insert into repositories (id, github_id, full_name, default_branch, private, created_at, updated_at) values ('00000000-0000-0000-0000-000000000001', 1, 'o/r', 'main', false, now(), now())`)
await sql(`insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload)
  select gen_random_uuid(), 'd-' || g, 7, 'push', '00000000-0000-0000-0000-000000000001', now() - g * interval '1 minute', '{}' from generate_series(1, 80) g`)
await sql(`insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, sequence, attempts, created_at, updated_at, next_attempt_at, received_at)
  select gen_random_uuid(), id, repository_id, 'production', 'refs/heads/main', case when n % 2 = 0 then 'production' else 'staging' end,
    (array[${STATUSES.map((status) => `'${status}'`).join(', ')}])[1 + n % 8], n, 0, now(), now(), now(), received_at
  from (select *, substr(delivery_id, 3)::int as n from webhook_events) e`)
const wereOpen = (await sql<{ id: string }>(`select id from deployment_requests where status in ('pending', 'waiting_checks', 'delivering') order by id`)).map((row) => row.id)

t.test('the requests open when it runs are copied, and nothing else', async (t) => {
  await migrate(orm)
  t.equal(wereOpen.length, 30, 'ten pending, ten delivering, ten waiting for checks')
  t.same(await openIds(), wereOpen, 'each open request, once')
  t.same(await openRequestsDrift(orm.em.fork()), [], 'with its queue, status, sequence and next attempt as they are')
})

t.test('each write of the requests keeps it true, in the writer\'s statement', async (t) => {
  const [pending] = await sql<{ id: string }>(`select id from deployment_requests where status = 'pending' order by id limit 1`)
  await sql(`update deployment_requests set status = 'delivering', next_attempt_at = now() + interval '1 minute' where id = ?`, [pending!.id])
  t.match(await sql(`select status from open_requests where id = ?`, [pending!.id]), [{ status: 'delivering' }], 'a claim: in flight')
  await sql(`update deployment_requests set status = 'delivered' where id = ?`, [pending!.id])
  t.same(await sql(`select id from open_requests where id = ?`, [pending!.id]), [], 'settled: no longer open')
  await sql(`update deployment_requests set status = 'pending', attempts = 0 where id = ?`, [pending!.id])
  t.match(await sql(`select status from open_requests where id = ?`, [pending!.id]), [{ status: 'pending' }], 'replayed: open again')
  // Two changes in one statement (as coalescing makes them): both seen.
  const [a, b] = await sql<{ id: string }>(`select id from deployment_requests where status in ('failed', 'waiting_checks') order by status, id limit 2 offset 9`)
  await sql(`with x as (update deployment_requests set status = 'pending' where id = ? returning 1), y as (update deployment_requests set status = 'blocked' where id = ? returning 1) select 1`, [a!.id, b!.id])
  t.same(await openRequestsDrift(orm.em.fork()), [], 'two updates of one statement')
  await sql(`update deployment_requests set attempts = attempts + 1 where status = 'pending'`)
  t.same(await openRequestsDrift(orm.em.fork()), [], 'a change of no queue column rewrites nothing wrong')
  await sql(`delete from deployment_requests where environment = 'staging'`)
  t.same(await openRequestsDrift(orm.em.fork()), [], 'deleted requests leave it')
  t.equal((await openIds()).length, (await sql(`select id from deployment_requests where status in ('pending', 'waiting_checks', 'delivering')`)).length, 'as many as are open')
})

t.test('bad input: a request written open for a repository that does not exist is refused, and open_requests is left as it was', async (t) => {
  const before = await openIds()
  const [event] = await sql<{ id: string; received_at: Date }>('select id, received_at from webhook_events limit 1')
  await t.rejects(
    sql(`insert into deployment_requests (id, event_id, repository_id, kind, ref, environment, status, attempts, created_at, updated_at, next_attempt_at, received_at)
      values (gen_random_uuid(), ?, '00000000-0000-0000-0000-00000000ffff', 'production', 'refs/heads/main', 'other', 'pending', 0, now(), now(), now(), ?)`, [event!.id, event!.received_at]),
    /foreign key/,
  )
  t.same(await openIds(), before, 'nothing added')
})

t.test('down and up again: the table goes with its triggers, and comes back with what is open', async (t) => {
  await orm.migrator.down({ to: 'Migration20261207070000' })
  t.same(await sql(`select to_regclass('open_requests') as t`), [{ t: null }], 'dropped')
  await sql(`update deployment_requests set status = 'pending' where status = 'cancelled'`)
  await migrate(orm)
  t.same(await openRequestsDrift(orm.em.fork()), [], 'copied again, with the changes made meanwhile')
})
