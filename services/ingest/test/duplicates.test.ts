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
