import { ensurePartitions, MikroORM, ormConfig } from '@gwm/domain'
import { createTestOrm } from '@gwm/testkit'
import t from 'tap'
import type { Visibility } from '../src/lib/events/access.ts'
import type { EventStatus } from '../src/lib/events/event-status.ts'
import { eventsByStatus } from '../src/lib/events/events-by-status.ts'

// The events list's status filter, planned against 40,000 events over three days' partitions: each status is found
// through an index, never by reading webhook_events or deployment_requests whole (both grow with every delivery).
const { orm, db } = await createTestOrm(t)
const em = orm.em.fork()
const REPOSITORIES = 4
const EVENTS = 40_000
// One every 6 s up to the start of today (UTC), so the newest day's partition is whole whatever the hour: Postgres
// rightly reads a partition of a few minutes' rows whole rather than through an index, and the plans would change
// with the time of day. In the days' partitions the worker makes, as in production: today's and tomorrow's, made
// ahead, and the default one (which holds only strays) are empty.
const END = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString()
await ensurePartitions(em, new Date(Date.parse(END) - (EVENTS + 1) * 6_000), 5)
await em.execute(`insert into repositories (id, github_id, full_name, default_branch, private, created_at, updated_at)
  select gen_random_uuid(), n, 'o/r' || n, 'main', false, now(), now() from generate_series(1, ${REPOSITORIES}) n`)
await em.execute(`insert into webhook_events (id, delivery_id, hook_id, event, repository_id, received_at, payload)
  select gen_random_uuid(), 'd' || n, 1, 'push', (select id from repositories where github_id = 1 + n % ${REPOSITORIES}), '${END}'::timestamptz - n * interval '6 seconds', '{}'
  from generate_series(1, ${EVENTS}) n`)
// Most events delivered, one in five derived nothing, a few failed, blocked, open, superseded or cancelled.
await em.execute(`insert into deployment_requests (id, event_id, received_at, repository_id, kind, ref, environment, status, attempts, created_at, updated_at, next_attempt_at)
  select gen_random_uuid(), e.id, e.received_at, e.repository_id, 'production', 'refs/heads/main', 'production',
    case when n % 97 = 0 then 'failed' when n % 89 = 0 then 'blocked' when n % 83 = 0 then 'pending' when n % 79 = 0 then 'waiting_checks'
      when n % 7 = 0 then 'superseded' when n % 11 = 0 then 'cancelled' else 'delivered' end, 1, now(), now(), now()
  from webhook_events e, lateral (select substr(e.delivery_id, 2)::int as n) k where n % 5 <> 0`)
await em.execute('analyze')

// The list runs on a second ORM of the same database that keeps every statement it sends, as sent (values in place).
const sent: string[] = []
const listing: MikroORM = await MikroORM.init({
  ...ormConfig({ databaseUrl: db.url }),
  onQuery: (sql, params) => {
    sent.push(listing.em.getPlatform().formatQuery(sql, params))
    return sql
  },
})
t.teardown(() => listing.close())

type Page = { rows: Array<{ id: string; receivedAt: Date }>; statements: string[]; read: number }
/** A page of 50, the statements it took, and how many rows of webhook_events' partitions they read through any path (the transaction's own statistics). */
const list = (visible: Visibility, status: EventStatus, after?: [Date, string]): Promise<Page> =>
  listing.em.fork().transactional(async (em) => {
    const eventsRead = async () => {
      const [row] = await em.execute<Array<{ n: number }>>(`select coalesce(sum(coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0)), 0)::int as n from pg_stat_xact_user_tables where relname like 'webhook\\_events\\_%'`)
      return row?.n ?? 0
    }
    const before = await eventsRead()
    sent.length = 0
    const rows = await eventsByStatus(em, visible, { status, limit: 50, after })
    const statements = [...sent]
    return { rows, statements, read: (await eventsRead()) - before }
  })
const explain = async (sql: string) => (await orm.em.fork().execute<Array<{ 'QUERY PLAN': string }>>(`explain ${sql}`)).map((row) => row['QUERY PLAN']).join('\n')

// What each status meant as one statement, joining the events with their requests: the list finds exactly these.
const request = (condition: string) => `(select 1 from deployment_requests d where d.event_id = e.id and d.received_at = e.received_at and d.status ${condition})`
const DEFINITION: Record<EventStatus, string> = {
  stored: `not exists ${request("not in ('cancelled', 'superseded')")}`,
  pending: `exists ${request("in ('pending', 'delivering', 'waiting_checks')")} and not exists ${request("in ('failed', 'blocked')")}`,
  failed: `exists ${request("in ('failed', 'blocked')")}`,
  delivered: `exists ${request("= 'delivered'")} and not exists ${request("not in ('delivered', 'cancelled', 'superseded')")}`,
}
const expected = async (visible: Visibility, status: EventStatus, after?: [Date, string]) => {
  const rows = await orm.em.fork().execute<Array<{ id: string }>>(
    `select e.id from webhook_events e where ${visible.all ? 'true' : 'e.repository_id = any(?::uuid[])'} and ${DEFINITION[status]}
       ${after ? 'and (e.received_at, e.id) < (?, ?)' : ''} order by e.received_at desc, e.id desc limit 51`,
    [...(visible.all ? [] : [`{${visible.repositoryIds.join(',')}}`]), ...(after ?? [])],
  )
  return rows.map((row) => row.id)
}

const [mine] = await em.execute<Array<{ ids: string[] }>>(`select array_agg(id) as ids from repositories where github_id in (1, 2)`)
const callers: Array<[string, Visibility]> = [['the platform (every repository)', { all: true }], ['a user with two repositories', { all: false, repositoryIds: mine!.ids }]]

for (const [who, visible] of callers) {
  for (const status of ['stored', 'pending', 'failed', 'delivered'] as const) {
    t.test(`status=${status} for ${who} reads events through an index`, async (t) => {
      const { rows, statements, read } = await list(visible, status)
      const text = (await Promise.all(statements.map(explain))).join('\n')
      t.notMatch(text, /Seq Scan on webhook_events/, 'no sequential scan of webhook_events')
      t.notMatch(text, /Seq Scan on deployment_requests/, 'no sequential scan of deployment_requests')
      t.match(text, /Index (Only )?Scan/, 'an index drives it')
      t.ok(read < EVENTS / 10, `${read} of ${EVENTS} events read for a page of 50`)
      t.same(rows.map((row) => row.id), await expected(visible, status), 'the page (and one more) as the status is defined')
      const last = rows[49]
      if (!last) throw new Error('the data set holds more than a page of each status')
      const after: [Date, string] = [last.receivedAt, last.id]
      t.same((await list(visible, status, after)).rows.map((row) => row.id), await expected(visible, status, after), 'and the next page')
      if (t.passing()) return
      t.comment(statements.join('\n'))
      t.comment(text)
    })
  }
}
