import { DeploymentRequest } from '@gwm/domain'
import { createQueue, QUEUES } from '@gwm/queue'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { startCrashingWorker } from './helpers/crash-fixture.ts'
import { backing, startWorker, until } from './helpers/start-worker.ts'

t.test('a worker killed between commit and enqueue loses nothing: the sweeper delivers the request', async (t) => {
  const b = await backing(t)
  const { exited, committed } = await startCrashingWorker(t, b)

  const push = examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
  const deliveryId = await b.addEvent('push', push)
  t.equal(await exited, 'SIGKILL', 'the worker died right after the commit')
  const requestId = committed()
  t.ok(requestId, 'one request was committed')

  const request = await b.orm.em.fork().findOneOrFail(DeploymentRequest, { id: requestId! })
  t.equal(request.status, 'delivering', 'stored leased to the worker that died')
  const callbacks = createQueue(QUEUES.callbacks, b.redis.client, b.redis.prefix)
  t.teardown(() => callbacks.close())
  t.equal(await callbacks.getJob(requestId!), undefined, 'no callback job was enqueued')
  t.equal(b.receiver.requests.length, 0)

  // A healthy worker comes up. The dead worker's event job still holds its lock (30 s), so
  // it is not re-run: only the sweeper can deliver this request, once its lease (2 × the
  // callback timeout + 5 s) has run out.
  const worker = await startWorker(t, b)
  await b.receiver.waitFor((r) => r.delivered().length === 1, 15_000)
  t.equal(b.receiver.delivered()[0]?.webhookId, requestId)
  t.equal(await (await b.events.getJob(`4242-${deliveryId}`))?.getState(), 'active', 'the event job was not re-run')
  const metrics = await worker.http.inject('/metrics')
  t.match(metrics.body, /gwm_worker_sweeper_recovered_total\{service="worker"\} 1/)
  const delivered = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { id: requestId!, status: 'delivered' }))
  t.equal(delivered.attempts, 1)
})
