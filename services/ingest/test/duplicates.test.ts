import { inboxKeys } from '@gwm/queue'
import t from 'tap'
import { delivery, deliverHttp, HOOK_ID, HOOK_SECRET, post } from './helpers/deliveries.ts'
import { startIngest } from './helpers/start-ingest.ts'

t.test('the same delivery twice: 202 both times, exactly one job', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const sent = await delivery()
  const first = await post(ingest.app, sent.headers, sent.body)
  const again = await post(ingest.app, sent.headers, sent.body)
  t.equal(first.statusCode, 202)
  t.equal(again.statusCode, 202)
  t.same(again.json(), { deliveryId: sent.deliveryId })
  const jobs = await ingest.jobs()
  t.equal(jobs.length, 1)
  t.equal(jobs[0]?.id, `${HOOK_ID}-${sent.deliveryId}`)
})

t.test('the same delivery many times at once over HTTP: all 202, exactly one job', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const url = await ingest.listen()
  const sent = await delivery()
  const answers = await Promise.all(Array.from({ length: 20 }, () => deliverHttp(url, sent)))
  t.same(answers.map((answer) => answer.status), Array(20).fill(202))
  t.equal((await ingest.jobs()).length, 1)
})

t.test('the same delivery GUID from another hook is another job', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  await ingest.publish(HOOK_ID + 1, { current: 'second-hook-secret' })
  const one = await delivery({ deliveryId: 'same-guid-1234' })
  const other = await delivery({ deliveryId: 'same-guid-1234', hookId: HOOK_ID + 1, secret: 'second-hook-secret' })
  t.equal((await post(ingest.app, one.headers, one.body)).statusCode, 202)
  t.equal((await post(ingest.app, other.headers, other.body)).statusCode, 202)
  t.same((await ingest.jobs()).map((job) => job.id).sort(), [`${HOOK_ID}-same-guid-1234`, `${HOOK_ID + 1}-same-guid-1234`])
})

t.test('a captured delivery re-sent with a fresh X-GitHub-Delivery is answered 202 like a duplicate and not stored again', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const sent = await delivery()
  t.equal((await post(ingest.app, sent.headers, sent.body)).statusCode, 202)
  // GitHub signs the body only: the same bytes under another GUID still verify.
  const replayed = await post(ingest.app, { ...sent.headers, 'x-github-delivery': 'fresh-guid-of-a-replay' }, sent.body)
  t.equal(replayed.statusCode, 202)
  t.same(replayed.json(), { deliveryId: 'fresh-guid-of-a-replay' })
  t.same((await ingest.jobs()).map((job) => job.id), [`${HOOK_ID}-${sent.deliveryId}`], 'only the first is stored')
  const marks = await ingest.redis.client.keys(`${ingest.redis.prefix}:inbox:body:*`)
  t.equal(marks.length, 1, 'one mark of the body')
  t.ok((await ingest.redis.client.ttl(marks[0]!)) >= 3 * 86_400, "kept at least GitHub's 3-day redelivery window")
})

t.test("GitHub's own redelivery (the same GUID) is still stored once the delivery id's hour has passed", async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const sent = await delivery()
  t.equal((await post(ingest.app, sent.headers, sent.body)).statusCode, 202)
  await ingest.redis.client.del(inboxKeys(ingest.redis.prefix).seen(`${HOOK_ID}-${sent.deliveryId}`))
  t.equal((await post(ingest.app, sent.headers, sent.body)).statusCode, 202)
  t.same((await ingest.jobs()).map((job) => job.id), [`${HOOK_ID}-${sent.deliveryId}`, `${HOOK_ID}-${sent.deliveryId}`], 'appended again: the worker keeps one row per (hook, GUID)')
})

t.test('the same body through another hook is another delivery', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  await ingest.publish(HOOK_ID + 1, { current: HOOK_SECRET })
  const one = await delivery()
  const other = await delivery({ hookId: HOOK_ID + 1, body: one.body })
  t.equal((await post(ingest.app, one.headers, one.body)).statusCode, 202)
  t.equal((await post(ingest.app, other.headers, other.body)).statusCode, 202)
  t.equal((await ingest.jobs()).length, 2)
})
