// Twenty clients upload 25 MB deliveries as slowly as they like into a real ingest process: each
// sends most of its body at once, then trickles the rest at 64 KB/s. They are signed for a hook
// the ingest knows, so they pass every check made before the body: the worst case. The ingest
// must stay under the memory of a 512 Mi pod, and keep storing real deliveries promptly.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { createRedis, readInbox, waitForRedis } from '@gwm/queue'
import { example, signedDelivery } from '@gwm/testkit'
import t from 'tap'
import type { Hook } from './lib/github-sender.ts'
import { sleep } from './lib/processes.ts'
import { createStack } from './lib/stack.ts'

const MB = 1024 * 1024
const POD_LIMIT_MB = 512
const UPLOADS = 20
const BODY_BYTES = 25 * MB - 64
const AT_ONCE_BYTES = 24 * MB
const TRICKLE = { bytes: 16 * 1024, everyMs: 250 } // 64 KB/s
const REQUEST_TIMEOUT_MS = 10_000
const ATTACK_MS = REQUEST_TIMEOUT_MS + 3_000
const DELIVERY_EVERY_MS = 250
// Promptly: half of the 10 s GitHub waits before it counts a delivery as failed. The suite runs
// this beside the browser tests on two cores, where real deliveries took up to 2.3 s.
const PROMPT_MS = 5_000

t.setTimeout(60_000)

/** Resident memory of a process now and at its peak, in MB, from /proc. */
function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) }
}

/** One upload over its own connection; resolves with the status the ingest answered, or how the connection ended. */
function slowUpload(port: number, headers: Record<string, string>, body: Buffer, stop: Promise<void>): Promise<string> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1')
    let answer = ''
    let sent = AT_ONCE_BYTES
    const trickle = setInterval(() => {
      if (sent >= body.length - 1) return // the last byte never comes
      socket.write(body.subarray(sent, sent + TRICKLE.bytes))
      sent += TRICKLE.bytes
    }, TRICKLE.everyMs)
    const end = (how: string) => {
      clearInterval(trickle)
      socket.destroy()
      resolve(answer || how)
    }
    socket.on('data', (chunk: Buffer) => {
      answer ||= /^HTTP\/1\.1 (\d{3})/.exec(chunk.toString('latin1'))?.[1] ?? 'garbled'
    })
    socket.on('error', () => end('reset'))
    socket.on('close', () => end('closed'))
    void stop.then(() => end('still sending'))
    const head = [`POST /api/webhook HTTP/1.1`, 'host: 127.0.0.1', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), `content-length: ${body.length}`]
    socket.write(`${head.join('\r\n')}\r\n\r\n`)
    socket.write(body.subarray(0, AT_ONCE_BYTES))
  })
}

t.test(`${UPLOADS} slow 25 MB uploads: the ingest stays under ${POD_LIMIT_MB} MB and keeps storing real deliveries`, async (t) => {
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
  const stack = await createStack(t, { redisUrl, env: { REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } })
  const [ingest] = stack.ingests
  await ingest!.start()
  const pid = ingest!.pid()!
  const port = ingest!.port
  const hook = stack.hooks.find((h): h is Required<Hook> => h.id !== undefined)!
  t.comment(`ingest at rest: ${memory(pid).rssMb} MB resident`)

  const body = Buffer.from(`{"zen":"${'x'.repeat(BODY_BYTES - 10)}"}`)
  const large = await signedDelivery({ event: 'issues', payload: undefined, body: body.toString(), secret: hook.secret, hookId: hook.id })

  let stopAttack!: () => void
  const stopped = new Promise<void>((resolve) => (stopAttack = resolve))
  const uploads = Array.from({ length: UPLOADS }, () => slowUpload(port, large.headers, body, stopped))

  let highestMb = 0
  const sampler = setInterval(() => (highestMb = Math.max(highestMb, memory(pid).rssMb)), 100)
  const real: Array<Promise<{ id: string; status: number | string; ms: number; body?: string }>> = []
  const started = Date.now()
  while (Date.now() - started < ATTACK_MS) {
    // A push of its own (a new head commit): the ingest stores a body it already holds only once.
    const payload = { ...(example('push') as Record<string, unknown>), after: randomBytes(20).toString('hex') }
    const sent = await signedDelivery({ event: 'push', payload, secret: hook.secret, hookId: hook.id })
    const at = Date.now()
    real.push(
      fetch(`${ingest!.url}/api/webhook`, { method: 'POST', headers: sent.headers, body: sent.body, signal: AbortSignal.timeout(10_000) })
        .then(async (res) => ({ id: sent.deliveryId, status: res.status, ms: Date.now() - at, body: await res.text() }))
        .catch((error: Error) => ({ id: sent.deliveryId, status: error.name, ms: Date.now() - at })),
    )
    await sleep(DELIVERY_EVERY_MS)
  }
  stopAttack()
  const answers = await Promise.all(uploads)
  const delivered = await Promise.all(real)
  clearInterval(sampler)
  const { rssMb, peakMb } = memory(pid)

  const count = (values: Array<string | number>) => {
    const counts = new Map<string | number, number>()
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
    return [...counts]
  }
  t.comment(`slow uploads answered: ${JSON.stringify(count(answers))}`)
  t.comment(`real deliveries: ${JSON.stringify(count(delivered.map((d) => d.status)))}, slowest ${Math.max(...delivered.map((d) => d.ms))} ms`)
  t.comment(`ingest resident memory: peak ${peakMb} MB (highest sampled ${highestMb} MB), ${rssMb} MB after`)

  t.ok(peakMb < POD_LIMIT_MB, `peak resident memory ${peakMb} MB < ${POD_LIMIT_MB} MB`)
  t.notOk(answers.includes('202'), 'no slow upload was accepted')
  t.same(delivered.filter((d) => d.status !== 202), [], 'every real delivery was answered 202')
  t.same(delivered.filter((d) => d.ms > PROMPT_MS).map((d) => d.ms), [], `every real delivery was answered within ${PROMPT_MS} ms`)

  const redis = createRedis(redisUrl, 'producer', 'slow-uploads-check')
  t.teardown(() => redis.disconnect())
  await waitForRedis(redis, 10_000)
  const inbox = await readInbox(redis, stack.prefix)
  t.equal(inbox.filter((entry) => entry.data.event === 'issues').length, 0, 'no slow upload is in the inbox')
  const stored = new Set(inbox.map((entry) => entry.data.deliveryId))
  t.same(delivered.filter((d) => !stored.has(d.id)).map((d) => d.id), [], `the ${delivered.length} real deliveries are in the inbox`)
})
