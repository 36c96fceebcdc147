import { spawn } from 'node:child_process'
import { DeploymentRequest, WebhookEvent } from '@gwm/domain'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { backing, until } from './helpers/start-worker.ts'

const main = new URL('../src/main.ts', import.meta.url).pathname
const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!

t.test('SIGTERM: the worker stops taking jobs, finishes the callback in flight, and exits 0', async (t) => {
  const b = await backing(t, { CALLBACK_TIMEOUT_MS: '5000', LOG_LEVEL: 'info' })
  const child = spawn(process.execPath, [main], { env: b.env, stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  await until(() => output.includes('Server listening'), 15_000, 'worker listening')

  b.receiver.stallNext(1, 1_500)
  const inFlight = await b.addEvent('push', push())
  await b.receiver.waitFor((r) => r.requests.length === 1, 10_000)
  child.kill('SIGTERM')
  await new Promise((resolve) => setTimeout(resolve, 200))
  const late = await b.addEvent('push', push())

  t.equal(await exited, 0, 'clean exit')
  const waited = Date.now() - b.receiver.requests[0]!.at
  t.ok(waited >= 1_400, `it waited for the callback in flight (${waited} ms)`)
  t.equal(b.receiver.requests[0]?.aborted, false, 'the platform answered a caller still listening')
  const request = await b.orm.em.fork().findOneOrFail(DeploymentRequest, { event: { deliveryId: inFlight } })
  t.equal(request.status, 'delivered')
  t.equal(await b.orm.em.fork().count(WebhookEvent, { deliveryId: late }), 0, 'no new job was taken after SIGTERM')
  t.equal(await (await b.events.getJob(`4242-${late}`))?.getState(), 'waiting', 'it waits for the next worker')
  t.match(output, /"msg":"shutting down"/)
})
