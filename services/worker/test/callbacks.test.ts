import { CallbackAttempt, callbackBodyProblems, DeploymentRequest } from '@gwm/domain'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { addEventVia, type Backing, backing, type EventEntry, startWorker, until } from './helpers/start-worker.ts'

// One worker for the file (retries in milliseconds, 500 ms callback timeout); the receiver's
// scripted answers apply to the next requests, and the tests run one after another. Each
// test runs twice: a delivery from the events queue (the callbacks job makes every attempt)
// and one from the inbox (the worker makes the first attempt as it stores the batch; the
// callbacks job, the retries).
const b = await backing(t)
await startWorker(t, b)
const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const ofDelivery = (bk: Backing, deliveryId: string) => bk.receiver.requests.filter((r) => (r.body?.data?.event as { deliveryId?: string } | undefined)?.deliveryId === deliveryId)

async function settled(bk: Backing, deliveryId: string) {
  const request = await until(() => bk.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId }, status: { $in: ['delivered', 'failed'] } }), 15_000, 'request settled')
  const attempts = await bk.orm.em.fork().find(CallbackAttempt, { request: request.id }, { orderBy: { attempt: 'asc' } })
  return { request, attempts }
}

for (const via of ['events queue', 'inbox'] as EventEntry[]) {
  const add = addEventVia(b, via)

  t.test(`${via}: the platform fails twice, then answers 200: delivered, 3 attempts stored, one webhook-id`, async (t) => {
    b.receiver.failNext(2, 500)
    const deliveryId = await add('push', push())
    const { request, attempts } = await settled(b, deliveryId)
    t.equal(request.status, 'delivered')
    t.equal(request.attempts, 3)
    t.ok(request.deliveredAt)
    t.same(attempts.map((a) => [a.attempt, a.statusCode]), [[1, 500], [2, 500], [3, 200]])
    t.ok(attempts[0]?.retryAt && attempts[1]?.retryAt, 'failed attempts say when the next one is due')
    t.equal(attempts[2]?.retryAt, null)
    t.match(attempts[0]?.error, /^HTTP 500/)
    const sent = ofDelivery(b, deliveryId)
    t.equal(sent.length, 3)
    t.same(new Set(sent.map((r) => r.webhookId)), new Set([request.id]), 'webhook-id stable across retries')
    t.ok(sent.every((r) => r.verified), 'every retry is freshly signed')
    t.same(sent.map((r) => r.body), sent.map(() => sent[0]!.body), 'every attempt sends the same body, the first one included')
  })

  t.test(`${via}: a 400 is final: failed after 1 attempt, never sent again`, async (t) => {
    b.receiver.rejectNext(1, 400)
    const deliveryId = await add('push', push())
    const { request, attempts } = await settled(b, deliveryId)
    t.equal(request.status, 'failed')
    t.equal(attempts.length, 1)
    t.equal(attempts[0]?.statusCode, 400)
    t.match(request.lastError, /^HTTP 400/)
    await new Promise((resolve) => setTimeout(resolve, 300))
    t.equal(ofDelivery(b, deliveryId).length, 1)
  })

  t.test(`${via}: 429 with Retry-After is honoured instead of the (20 ms) backoff`, async (t) => {
    b.receiver.rateLimitNext(1, 1)
    const deliveryId = await add('push', push())
    const { request, attempts } = await settled(b, deliveryId)
    t.equal(request.status, 'delivered')
    t.same(attempts.map((a) => a.statusCode), [429, 200])
    const [first, second] = ofDelivery(b, deliveryId)
    const waited = second!.at - first!.at
    t.ok(waited >= 950, `second attempt came ${waited} ms after the first`)
    const planned = attempts[0]!.retryAt!.getTime() - attempts[0]!.at.getTime()
    t.ok(planned >= 1_000 && planned < 1_500, `retry planned ${planned} ms out`)
  })

  t.test(`${via}: a platform that stalls past the timeout is retried`, async (t) => {
    b.receiver.stallNext(1, 1_500)
    const deliveryId = await add('push', push())
    const { request, attempts } = await settled(b, deliveryId)
    t.equal(request.status, 'delivered')
    t.equal(attempts[0]?.statusCode, null)
    t.match(attempts[0]?.error, /timed out after 500 ms/)
    t.ok(attempts[0]!.durationMs >= 450 && attempts[0]!.durationMs < 1_400)
    t.equal(attempts[1]?.statusCode, 200)
    await b.receiver.waitFor(() => ofDelivery(b, deliveryId)[0]?.aborted === true)
  })

  t.test(`${via}: retries run out: failed, every attempt stored`, async (t) => {
    const few = await backing(t, { CALLBACK_ATTEMPTS: '3' })
    await startWorker(t, few)
    few.receiver.failNext(10, 503)
    const deliveryId = await addEventVia(few, via)('push', push())
    const { request, attempts } = await settled(few, deliveryId)
    t.equal(request.status, 'failed')
    t.match(request.lastError, /HTTP 503.*gave up after 3 attempts/)
    t.same(attempts.map((a) => a.statusCode), [503, 503, 503])
    t.equal(attempts[2]?.retryAt, null)
  })
}

t.test('a request whose row has used every attempt is marked failed by the job the sweeper gives it, never sent again', async (t) => {
  const few = await backing(t, { CALLBACK_ATTEMPTS: '2' })
  const worker = await startWorker(t, few)
  few.receiver.failNext(2, 503)
  const deliveryId = await few.addEvent('push', push())
  const { request } = await settled(few, deliveryId)
  t.equal(request.attempts, 2)
  // The row says it is still to be sent (a job that ran out of attempts while Postgres was away leaves it so): the sweeper gives it a new job.
  await few.orm.em.fork().nativeUpdate(DeploymentRequest, { id: request.id }, { status: 'pending', nextAttemptAt: new Date(Date.now() - 60_000) })
  await worker.sweeper.sweep()
  const after = await until(() => few.orm.em.fork().findOne(DeploymentRequest, { id: request.id, status: { $nin: ['pending', 'delivering'] } }), 10_000, 'the row settled')
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(ofDelivery(few, deliveryId).length, 2, 'sent twice, as CALLBACK_ATTEMPTS says, not a third time')
  t.equal(after.status, 'failed')
  t.equal(after.attempts, 2)
  t.match(after.lastError, /gave up after 2 attempts/)
})

t.test('every callback this file made the worker send fits its published schema (the gateway\'s OpenAPI webhooks)', async (t) => {
  const bodies = b.receiver.requests.map((r) => r.body)
  t.ok(bodies.length > 10, `${bodies.length} bodies checked`)
  for (const body of bodies) t.same(callbackBodyProblems(body), [], `${String(body?.type)} ${String(body?.id)}`)
})
