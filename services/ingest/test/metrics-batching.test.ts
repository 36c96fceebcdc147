import { example, redisUrl } from '@gwm/testkit'
import t from 'tap'
import { delivery, deliverHttp, HOOK_ID, HOOK_SECRET, post } from './helpers/deliveries.ts'
import { startIngest } from './helpers/start-ingest.ts'
import { startTcpProxy } from './helpers/tcp-proxy.ts'

const sample = (metrics: string, series: string) => {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(series))
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

t.test('concurrent deliveries share Redis round trips; every one is stored', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const url = await ingest.listen()
  const sent = await Promise.all(Array.from({ length: 60 }, (_, i) => delivery({ event: i % 2 ? 'push' : 'pull_request', payload: i % 2 ? undefined : { ...example('pull_request', 'opened'), number: i } })))
  const answers = await Promise.all(sent.map((one) => deliverHttp(url, one)))
  t.same(answers.map((answer) => answer.status), Array(60).fill(202))
  const jobs = await ingest.jobs()
  t.same(jobs.map((job) => job.data.deliveryId).sort(), sent.map((one) => one.deliveryId).sort(), 'every 202 is a job')

  const metrics = (await ingest.app.inject('/metrics')).body
  const batches = sample(metrics, 'gwm_ingest_enqueue_batch_size_count')!
  t.equal(sample(metrics, 'gwm_ingest_enqueue_batch_size_sum'), 60, '60 deliveries written')
  t.ok(batches < 60, `in ${batches} round trips`)
  t.equal(sample(metrics, 'gwm_ingest_enqueue_duration_seconds_count'), 60)
  t.equal(sample(metrics, 'gwm_ingest_deliveries_total{event="push",outcome="accepted"'), 30)
  t.equal(sample(metrics, 'gwm_ingest_deliveries_total{event="pull_request",outcome="accepted"'), 30)
  t.equal(sample(metrics, 'gwm_ingest_inbox_depth'), 60, 'inbox depth read from Redis')
})

t.test('verified but malformed deliveries are counted under their event', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const sent = await delivery({ event: 'issues', body: '[]' })
  t.equal((await post(ingest.app, sent.headers, sent.body)).statusCode, 400)
  const metrics = (await ingest.app.inject('/metrics')).body
  t.equal(sample(metrics, 'gwm_ingest_deliveries_total{event="issues",outcome="rejected"'), 1)
})

t.test('closing waits for in-flight deliveries: each still gets its 202 and its job', async (t) => {
  const target = new URL(await redisUrl())
  const proxy = await startTcpProxy(t, { host: target.hostname, port: Number(target.port || 6379) })
  const ingest = await startIngest(t, { redisUrl: `redis://127.0.0.1:${proxy.port}`, env: { ENQUEUE_TIMEOUT_MS: '5000' } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const url = await ingest.listen()
  t.equal((await deliverHttp(url, await delivery())).status, 202, 'warm: the hook secret is cached')

  proxy.stall() // the next deliveries wait for Redis, in flight
  const sent = await Promise.all(Array.from({ length: 10 }, () => delivery()))
  const answers = Promise.all(sent.map((one) => deliverHttp(url, one)))
  await sleep(300)
  let closed = false
  const closing = ingest.app.close().then(() => {
    closed = true
  })
  await sleep(200)
  t.notOk(closed, 'close() waits while deliveries are in flight')
  proxy.resume()
  await closing
  t.same((await answers).map((answer) => answer.status), Array(10).fill(202))
  const stored = new Set((await ingest.jobs()).map((job) => job.data.deliveryId))
  t.ok(sent.every((one) => stored.has(one.deliveryId)), 'and every one is in Redis')
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
