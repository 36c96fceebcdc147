import { DeploymentRequest, WebhookEvent } from '@gwm/domain'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'
import { tcpProxy } from './helpers/tcp-proxy.ts'

const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!

/** The test database, reached through a proxy the test can stop. */
async function flakyPostgres(t: Parameters<typeof tcpProxy>[0], databaseUrl: string) {
  const direct = new URL(databaseUrl)
  const proxy = await tcpProxy(t, { host: direct.hostname, port: Number(direct.port || 5432) })
  const proxied = new URL(databaseUrl)
  proxied.hostname = '127.0.0.1'
  proxied.port = String(proxy.port)
  return { proxy, url: proxied.toString() }
}

t.test('Postgres down: the event job is retried and nothing is lost when it returns', async (t) => {
  const b = await backing(t)
  const pg = await flakyPostgres(t, b.databaseUrl)
  const worker = await startWorker(t, b, { databaseUrl: pg.url })
  const first = await b.addEvent('push', push())
  await until(() => b.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId: first }, status: 'delivered' }))

  await pg.proxy.stop()
  t.equal((await worker.http.inject('/readyz')).json().dependencies.postgres, 'down')
  const deliveryId = await b.addEvent('push', push())
  const jobId = `4242-${deliveryId}`
  await until(async () => ((await b.events.getJob(jobId))?.attemptsMade ?? 0) >= 1, 10_000, 'a failed attempt')
  t.equal(await (await b.events.getJob(jobId))?.getState(), 'delayed', 'the job waits for its retry')
  t.equal(await b.orm.em.fork().count(WebhookEvent, { deliveryId }), 0)

  await pg.proxy.start()
  const request = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId }, status: 'delivered' }), 15_000, 'delivered')
  t.equal(await b.orm.em.fork().count(WebhookEvent, { deliveryId: { $in: [first, deliveryId] } }), 2)
  t.equal(await (await b.events.getJob(jobId))?.getState(), 'completed')
  t.ok(b.receiver.delivered().some((r) => r.webhookId === request.id), 'the platform got it')
})

t.test('Postgres down while callbacks run out of attempts: the sweeper delivers them when it returns', async (t) => {
  // The retry waits a second, so Postgres is surely gone before it claims the request.
  const b = await backing(t, { CALLBACK_ATTEMPTS: '2', CALLBACK_BACKOFF_BASE_MS: '1000', CALLBACK_BACKOFF_MAX_MS: '1000' })
  const pg = await flakyPostgres(t, b.databaseUrl)
  // The event is stored first (events and callbacks share the database).
  const em = b.orm.em.fork()
  const worker = await startWorker(t, b, { databaseUrl: pg.url })
  b.receiver.failNext(1, 503)
  const deliveryId = await b.addEvent('push', push())
  const request = await until(() => em.fork().findOne(DeploymentRequest, { event: { deliveryId }, attempts: 1, status: 'pending' }))

  // Postgres goes away before the retry: the last attempt cannot even load the request.
  await pg.proxy.stop()
  await until(async () => (await worker.queues.callbacks.getJob(request.id))?.isFailed(), 10_000, 'callback job failed for good')
  t.equal((await em.fork().findOneOrFail(DeploymentRequest, { id: request.id })).status, 'pending', 'the row still says pending')

  await pg.proxy.start()
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  const delivered = await until(() => em.fork().findOne(DeploymentRequest, { id: request.id, status: 'delivered' }))
  t.equal(delivered.attempts, 2)
  t.equal(b.receiver.delivered()[0]?.webhookId, request.id)
})
