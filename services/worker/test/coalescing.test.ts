import { CallbackAttempt, DeploymentRequest, wentInstead } from '@gwm/domain'
import { example, examples, openRequestsDrift } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// Deploy intent: at most one callback in flight per (repository, environment); a newer request
// supersedes every older one not yet sent; callbacks carry a sequence per environment; one
// branch deletion gives one teardown.
const push = (n: number) => {
  const payload = examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
  return { ...payload, after: String(n).padStart(40, '0'), head_commit: { ...(payload.head_commit as object), message: `change ${n}` } }
}

t.test('five pushes while the first callback is in flight: the platform gets the first and the last, in order', async (t) => {
  // The platform takes 5 s to answer the first (within the callback timeout): long enough for the
  // four later pushes to be stored first even on a busy machine, so that the last is the one that goes.
  const b = await backing(t, { CALLBACK_TIMEOUT_MS: '10000' })
  const worker = await startWorker(t, b)
  b.receiver.stallNext(1, 5_000)
  const first = await b.appendEvent('push', push(1))
  const em = () => b.orm.em.fork()
  // In flight means at the platform: a request whose row says delivering before its POST left was
  // seen superseded by the next push stored (not sent at all), which is not what this test is about.
  await until(async () => b.receiver.requests.length === 1, 10_000, 'the first at the platform')
  // Each a millisecond after the one before, as the ingest stamps them: two deliveries stamped the
  // same millisecond have no order to keep, and the two inbox readers may store them either way.
  const later: string[] = []
  const start = Date.now()
  for (let n = 2; n <= 5; n++) later.push(await b.appendEvent('push', push(n), { receivedAt: new Date(start + n) }))
  // What each push's request and each POST came to, as the worker recorded them: a failure says what happened.
  const explain = async () => {
    const pushes = [first, ...later]
    const rows = await em().find(DeploymentRequest, { event: { deliveryId: { $in: pushes } } }, { populate: ['event'] })
    const ids = pushes.map((deliveryId) => rows.find((r) => r.event.deliveryId === deliveryId)?.id)
    const push = (id: string | undefined) => ids.indexOf(id) + 1
    const attempts = await em().find(CallbackAttempt, { request: { $in: rows.map((r) => r.id) } }, { orderBy: { at: 'asc' } })
    t.comment(JSON.stringify({
      requests: rows.map((r) => ({ push: push(r.id), status: r.status, sequence: r.sequence, attempts: r.attempts, next: r.nextAttemptAt && r.nextAttemptAt.getTime() - start, updated: r.updatedAt.getTime() - start })).sort((x, y) => x.push - y.push),
      received: b.receiver.requests.map((r) => ({ push: push(r.webhookId), at: r.at - start, status: r.status, aborted: r.aborted })),
      attempts: attempts.map((a) => ({ push: push(a.request?.id), at: a.at.getTime() - start, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
    }))
  }
  await b.receiver.waitFor((r) => r.delivered().length === 2, 15_000).catch(async (error: Error) => {
    await explain()
    throw error
  })
  const requests = await Promise.all([first, ...later].map((deliveryId) => until(() => em().findOne(DeploymentRequest, { event: { deliveryId } }), 5_000)))
  // The worker's two inbox readers may store two deliveries of one moment in either order:
  // what goes is the last one GitHub delivered (by the ingest's time), whatever order they were stored in.
  const last = requests[4]!
  const sent = b.receiver.delivered()
  const inOrder = t.same(sent.map((r) => r.webhookId), [requests[0]!.id, last.id], 'the first, then the last pushed, in order')
  if (!inOrder) await explain()
  const sequences = sent.map((r) => (r.body?.data as { sequence?: number } | undefined)?.sequence ?? 0)
  t.ok(sequences[0] === 1 && sequences[1]! > sequences[0]!, `sequences increase: ${sequences.join(', ')}`)
  const replaced = requests.slice(1, 4).map((r) => r!.id)
  const named = (sent[1]!.body?.data as { supersedes: string[] } | undefined)?.supersedes ?? []
  t.ok(named.length > 0 && named.every((id) => replaced.includes(id)), 'the last names what it replaced')
  for (const id of replaced) {
    const row = await em().findOneOrFail(DeploymentRequest, { id })
    t.match(row, { status: 'superseded', attempts: 0 }, 'never sent')
  }
  // Each names the request that replaced it; followed along, the chain ends at the one that went (as the events API shows it).
  t.same([...(await wentInstead(em(), replaced)).values()], replaced.map(() => last.id), 'the last went instead of each')
  t.match((await worker.http.inject('/metrics')).body, /\ngwm_worker_requests_superseded_total\{service="worker"\} 3\n/, 'each replaced request counted once')
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal(b.receiver.delivered().length, 2, 'and nothing more arrives')
  t.same(await openRequestsDrift(em()), [], 'open_requests holds the open requests as they are')
})

t.test('a branch deletion gives one teardown, whichever of push and delete comes first', async (t) => {
  const b = await backing(t)
  await startWorker(t, b)
  const deleted = { ...push(0), ref: 'refs/heads/feature/x', deleted: true, after: '0'.repeat(40) }
  const deleteEvent = { ...example('delete'), ref: 'feature/x', ref_type: 'branch' }
  await b.appendEvent('push', deleted)
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  const second = await b.appendEvent('delete', deleteEvent)
  const cancelled = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId: second }, status: 'cancelled' }), 10_000, 'the second teardown cancelled')
  t.match(cancelled.lastError, /already torn down/)
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.same(b.receiver.delivered().map((r) => r.body?.type), ['deployment.teardown'], 'one teardown reached the platform')

  // Both in one batch: the newer is the environment's head, the older superseded by it.
  const both = await backing(t)
  await Promise.all([both.appendEvent('delete', { ...deleteEvent, ref: 'feature/y' }), both.appendEvent('push', { ...deleted, ref: 'refs/heads/feature/y' })])
  await startWorker(t, both)
  await both.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal(both.receiver.delivered().length, 1, 'one teardown from one batch too')
  t.same(await openRequestsDrift(both.orm.em.fork()), [], 'open_requests holds the open requests as they are')
})
