import { createRedis, waitForRedis } from '@gwm/queue'
import pg from 'pg'
import t from 'tap'
import { buildApp } from '../src/app.ts'
import { createGatewayOrm } from '../src/lib/db/gateway-orm.ts'
import { startGateway } from './helpers/gateway.ts'

// The gateway's pool as main.ts makes it: Postgres ends any statement that runs longer than STATEMENT_TIMEOUT_MS.
const { config } = await startGateway(t, { env: { STATEMENT_TIMEOUT_MS: '300' } })
const orm = await createGatewayOrm(config)
t.teardown(() => orm.close())

t.test('a statement that runs longer than the timeout is cancelled by Postgres', async (t) => {
  const started = Date.now()
  const error = await orm.em.fork().getConnection().execute('select pg_sleep(3)').then(() => null, (err: unknown) => err as { code?: string; message: string })
  t.equal(error?.code, '57014', 'cancelled: query_canceled')
  t.match(error?.message, /statement timeout/)
  t.ok(Date.now() - started < 2_000, `cancelled after ${Date.now() - started} ms, not after the 3 s it asked for`)
  const [row] = await orm.em.fork().getConnection().execute<Array<{ ok: number }>>('select 1 as ok')
  t.equal(row?.ok, 1, 'the connection serves the next statement')
})

t.test('a request whose query outlasts the timeout gets a 503 that says so, not a hung connection', async (t) => {
  const redis = createRedis(config.REDIS_URL, 'producer')
  await waitForRedis(redis)
  const app = await buildApp(config, { orm, redis }, { logger: false })
  t.teardown(async () => {
    await app.close()
    redis.disconnect()
  })
  // Another session holds the events table: the list's query waits for it past the timeout.
  const blocker = new pg.Client({ connectionString: config.DATABASE_URL })
  await blocker.connect()
  t.teardown(() => blocker.end())
  await blocker.query('begin')
  await blocker.query('lock table webhook_events in access exclusive mode')
  const started = Date.now()
  const res = await app.inject({ url: '/api/events', headers: { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` } })
  await blocker.query('rollback')
  t.equal(res.statusCode, 503)
  t.match(res.json(), { error: 'statement_timeout', message: /took longer than/ })
  t.ok(Date.now() - started < 3_000, `answered after ${Date.now() - started} ms`)
})
