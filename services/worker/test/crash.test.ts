import { spawn } from 'node:child_process'
import { DeploymentRequest } from '@gwm/domain'
import { createQueue, QUEUES } from '@gwm/queue'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

const fixture = new URL('./fixtures/crash-after-commit.ts', import.meta.url).pathname

t.test('a worker killed between commit and enqueue loses nothing: the sweeper delivers the request', async (t) => {
  const b = await backing(t)
  const child = spawn(process.execPath, [fixture], { env: b.env, stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  await until(() => output.includes('ready'), 15_000, 'crash fixture ready')

  const push = examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
  const deliveryId = await b.addEvent('push', push)
  t.equal(await exited, 'SIGKILL', 'the worker died right after the commit')
  const requestId = output.match(/committed (\S+)/)?.[1]
  t.ok(requestId, 'one request was committed')

  const request = await b.orm.em.fork().findOneOrFail(DeploymentRequest, { id: requestId! })
  t.equal(request.status, 'pending')
  const callbacks = createQueue(QUEUES.callbacks, b.redis.client, b.redis.prefix)
  t.teardown(() => callbacks.close())
  t.equal(await callbacks.getJob(requestId!), undefined, 'no callback job was enqueued')
  t.equal(b.receiver.requests.length, 0)

  // A healthy worker comes up. The dead worker's event job still holds its lock (30 s), so
  // it is not re-run: only the sweeper can deliver this request.
  const worker = await startWorker(t, b)
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  t.equal(b.receiver.delivered()[0]?.webhookId, requestId)
  t.equal(await (await b.events.getJob(`4242-${deliveryId}`))?.getState(), 'active', 'the event job was not re-run')
  const metrics = await worker.http.inject('/metrics')
  t.match(metrics.body, /gwm_worker_sweeper_recovered_total\{service="worker"\} 1/)
  const delivered = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { id: requestId!, status: 'delivered' }))
  t.equal(delivered.attempts, 1)
})
