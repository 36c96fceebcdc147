import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CallbackAttempt, DeploymentRequest } from '@gwm/domain'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const CHUNK = Buffer.alloc(64 * 1024, 'x')

/**
 * A platform that answers with a body that never ends: it writes as fast as the caller reads,
 * and counts what it could write before the caller hung up.
 */
async function endlessPlatform(t: Parameters<typeof backing>[0], status: number) {
  let written = 0
  const pour = (res: ServerResponse) => {
    let more = true
    while (!res.destroyed && more) {
      more = res.write(CHUNK)
      written += CHUNK.length
    }
    if (!res.destroyed) res.once('drain', () => pour(res))
  }
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'text/plain' })
      pour(res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  t.teardown(() => server.closeAllConnections())
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks`, written: () => written }
}

for (const status of [200, 503]) {
  t.test(`a platform answering ${status} with an endless body: the attempt is recorded at once, the body read no further than a few KB`, async (t) => {
    const platform = await endlessPlatform(t, status)
    // A timeout far longer than the test waits: only reading less than the whole body ends the attempt in time.
    const b = await backing(t, { DEPLOY_PLATFORM_URL: platform.url, CALLBACK_TIMEOUT_MS: '20000', CALLBACK_ATTEMPTS: '1' })
    await startWorker(t, b)
    const heapBefore = process.memoryUsage().heapUsed
    const started = Date.now()
    const deliveryId = await b.addEvent('push', push())
    const request = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId }, attempts: { $gt: 0 } }), 5_000, 'the attempt recorded')
    const took = Date.now() - started
    const [attempt] = await b.orm.em.fork().find(CallbackAttempt, { request: request.id })
    t.equal(attempt?.statusCode, status, `the platform's answer is recorded (${attempt?.error ?? 'no error'})`)
    t.equal(request.status, status === 200 ? 'delivered' : 'failed', request.status)
    if (status !== 200) t.ok((attempt?.error?.length ?? 0) <= 320, `the recorded answer is cut short: ${attempt?.error?.length} characters`)
    t.ok(took < 5_000, `recorded ${took} ms after the event was added`)
    // What the platform could write is what the sockets buffer, not what the worker read into memory.
    await new Promise((resolve) => setTimeout(resolve, 200))
    t.ok(platform.written() < 16 * 1024 * 1024, `the worker hung up after ${Math.round(platform.written() / 1024)} KB`)
    const grown = process.memoryUsage().heapUsed - heapBefore
    t.ok(grown < 64 * 1024 * 1024, `the heap grew ${Math.round(grown / 1024 / 1024)} MB`)
  })
}
