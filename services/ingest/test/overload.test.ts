import t from 'tap'
import { delivery, HOOK_ID, HOOK_SECRET, post } from './helpers/deliveries.ts'
import { startIngest } from './helpers/start-ingest.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('while the event loop lags, deliveries get 503 + Retry-After at once; /healthz stays up', async (t) => {
  const ingest = await startIngest(t, { env: { MAX_EVENT_LOOP_DELAY_MS: '100' } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  t.equal((await post(ingest.app, ...(await sent()))).statusCode, 202, 'accepted while the loop is idle')

  // Block the loop longer than one sampling interval (1 s), as a CPU-bound burst would.
  const until = Date.now() + 1_200
  while (Date.now() < until) {
    // busy
  }
  await sleep(20)
  const started = Date.now()
  const res = await post(ingest.app, ...(await sent()))
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '5')
  t.equal(res.json().error, 'unavailable')
  t.match(res.json().message, /overloaded \(eventLoopDelay \d+\): the delivery was not stored, redeliver it later/)
  t.ok(Date.now() - started < 100, 'answered at once')
  t.equal((await ingest.app.inject('/healthz')).statusCode, 200, '/healthz is not shed')

  await sleep(2_100) // two quiet samples
  t.equal((await post(ingest.app, ...(await sent()))).statusCode, 202, 'accepted again once the loop recovers')
  t.equal((await ingest.jobs()).length, 2, 'the shed delivery was not stored')
})

t.test('while the process holds more memory than MAX_RSS_MB, deliveries get 503 + Retry-After at once; /healthz stays up', async (t) => {
  // 1 MB: any Node process is over it, as one holding a few large bodies would be over 400.
  const ingest = await startIngest(t, { env: { MAX_RSS_MB: '1' } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  await sleep(1_100) // one memory sample

  const started = Date.now()
  const res = await post(ingest.app, ...(await sent()))
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], '5')
  t.equal(res.json().error, 'unavailable')
  t.match(res.json().message, /overloaded \(rssBytes \d+\): the delivery was not stored, redeliver it later/)
  t.ok(Date.now() - started < 100, 'answered at once')
  t.equal((await ingest.app.inject('/healthz')).statusCode, 200, '/healthz is not shed')
  t.equal((await ingest.jobs()).length, 0, 'the shed delivery was not stored')
})

async function sent(): Promise<[Record<string, string>, string]> {
  const { headers, body } = await delivery()
  return [headers, body]
}
