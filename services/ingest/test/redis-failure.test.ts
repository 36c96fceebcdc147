import { publishHookSecret, SecretBox } from '@gwm/queue'
import { closedPort, redisUrl } from '@gwm/testkit'
import t from 'tap'
import { delivery, deliverHttp, HOOK_ID, HOOK_SECRET, post } from './helpers/deliveries.ts'
import { startIngest } from './helpers/start-ingest.ts'
import { startTcpProxy } from './helpers/tcp-proxy.ts'

const GLOBAL_SECRET = 'global-secret-for-redis-failure-tests'

t.test('Redis unreachable: 503 with Retry-After within 2 s, never a 2xx', async (t) => {
  const ingest = await startIngest(t, { redisUrl: `redis://127.0.0.1:${await closedPort()}`, redisDown: true, env: { WEBHOOK_SECRET: GLOBAL_SECRET, WEBHOOK_SECRET_REPOSITORY_IDS: '186853002' } })
  for (const hookId of [null, HOOK_ID]) {
    const sent = await delivery({ secret: GLOBAL_SECRET, hookId })
    const started = Date.now()
    const res = await post(ingest.app, sent.headers, sent.body)
    t.ok(Date.now() - started < 2_000, 'answered within 2 s')
    // No hook id: WEBHOOK_SECRET verifies it, and the registry is asked whether its repository has a hook of its own.
    t.equal(res.statusCode, 503, 'registry unreadable: 503')
    t.equal(res.headers['retry-after'], '5')
    t.same(res.json(), { error: 'unavailable', message: 'the hook secret registry could not be read: the delivery was not stored, redeliver it later' })
  }
  t.match((await ingest.app.inject('/metrics')).body, /gwm_ingest_deliveries_total\{event="push",outcome="unavailable",service="ingest"\} 1/)
  t.equal((await ingest.app.inject('/readyz')).statusCode, 503)
})

t.test('Redis slow: 503 within 2 s; no 2xx for what was not confirmed; recovers', async (t) => {
  const target = new URL(await redisUrl())
  const proxy = await startTcpProxy(t, { host: target.hostname, port: Number(target.port || 6379) })
  const ingest = await startIngest(t, {
    redisUrl: `redis://127.0.0.1:${proxy.port}`,
    env: { WEBHOOK_SECRET: GLOBAL_SECRET, WEBHOOK_SECRET_REPOSITORY_IDS: '186853002', ENQUEUE_TIMEOUT_MS: '1500' }, // the default
  })
  const url = await ingest.listen()
  const first = await deliverHttp(url, await delivery({ secret: GLOBAL_SECRET, hookId: null }))
  t.equal(first.status, 202, 'through the proxy while it forwards')

  proxy.stall()
  const started = Date.now()
  const stalled = await Promise.all(Array.from({ length: 5 }, async () => deliverHttp(url, await delivery({ secret: GLOBAL_SECRET, hookId: null }))))
  const took = Date.now() - started
  t.ok(took < 2_000, `all answered within 2 s (${took} ms)`)
  t.same(stalled.map((res) => res.status), [503, 503, 503, 503, 503])
  t.equal(stalled[0]?.headers.get('retry-after'), '5')
  t.match(stalled[0]?.json.message, /did not confirm the delivery within 1500 ms/)
  proxy.resume()

  await new Promise((resolve) => setTimeout(resolve, 300))
  const after = await deliverHttp(url, await delivery({ secret: GLOBAL_SECRET, hookId: null }))
  t.equal(after.status, 202, 'accepts again once Redis answers')
  const stored = new Set((await ingest.jobs()).map((job) => job.data.deliveryId))
  t.ok(stored.has(String(first.json.deliveryId)) && stored.has(String(after.json.deliveryId)), 'every 2xx is in Redis')
})

t.test('a registry read that stalls is a 503 too, not a hang', async (t) => {
  const target = new URL(await redisUrl())
  const proxy = await startTcpProxy(t, { host: target.hostname, port: Number(target.port || 6379) })
  const ingest = await startIngest(t, { redisUrl: `redis://127.0.0.1:${proxy.port}`, env: { ENQUEUE_TIMEOUT_MS: '500' } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  proxy.stall()
  const sent = await delivery()
  const started = Date.now()
  const res = await post(ingest.app, sent.headers, sent.body)
  t.ok(Date.now() - started < 2_000, `answered in ${Date.now() - started} ms`)
  t.equal(res.statusCode, 503)
  t.match(res.json().message, /did not confirm the delivery within 500 ms/)
  proxy.resume()
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.same(await ingest.jobs(), [], 'the refused delivery is not stored once the registry answers')
})

t.test('a hook secret sealed with another SECRETS_KEY: 503, and the log says why', async (t) => {
  const ingest = await startIngest(t)
  const otherKey = new SecretBox([Buffer.alloc(32, 9)])
  await publishHookSecret(ingest.redis.client, otherKey, ingest.redis.prefix, HOOK_ID, { current: HOOK_SECRET })
  const sent = await delivery()
  const res = await post(ingest.app, sent.headers, sent.body)
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '5')
  t.match(res.json().message, /hook secret registry could not be read/)
  t.match(ingest.logs.join(''), /could not be opened with any SECRETS_KEY/)
  t.notMatch(ingest.logs.join(''), HOOK_SECRET)
  t.same(await ingest.jobs(), [])
})
