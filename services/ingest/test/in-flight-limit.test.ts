// MAX_REQUESTS_IN_FLIGHT against the ingest's own entry point (src/main.ts) in a process of its
// own, over real HTTP and the test Redis: deliveries past the bound are shed with 503 +
// Retry-After before their body is read, and what was shed is not stored.
import { spawn } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { loadIngestConfig } from '@gwm/config'
import { inboxJobData, publishHookSecret, readInbox, SecretBox } from '@gwm/queue'
import { closedPort, createTestRedis, serviceEnv, type TestRedis } from '@gwm/testkit'
import type { Test } from 'tap'
import t from 'tap'
import { delivery, HOOK_ID, HOOK_SECRET } from './helpers/deliveries.ts'

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))

async function startIngestProcess(t: Test, env: Record<string, string>) {
  const redis = await createTestRedis(t)
  const port = await closedPort()
  const vars = serviceEnv({ redisUrl: redis.url, prefix: redis.prefix, PORT: String(port), HOST: '127.0.0.1', ...env })
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...vars }, stdio: ['ignore', 'ignore', 'inherit'] })
  t.teardown(() => {
    child.kill('SIGKILL')
  })
  const base = `http://127.0.0.1:${port}`
  for (const deadline = Date.now() + 20_000; ; ) {
    if ((await fetch(`${base}/readyz`).then((res) => res.status, () => 0)) === 200) break
    if (child.exitCode !== null || Date.now() > deadline) throw new Error('the ingest did not become ready')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await publishHookSecret(redis.client, new SecretBox(loadIngestConfig(vars).SECRETS_KEY), redis.prefix, HOOK_ID, { current: HOOK_SECRET })
  return { port, base, redis }
}

const storedIds = async (redis: TestRedis) => (await readInbox(redis.client, redis.prefix)).map((entry) => inboxJobData(entry).deliveryId).sort()

interface Answer {
  status: number
  headers: Record<string, string>
  body: string
}

/** A delivery sent by hand: headers and all of the body but its last byte now, the rest on finish(). */
async function heldDelivery(port: number) {
  const sent = await delivery()
  const body = Buffer.from(sent.body)
  const head = [`POST /api/webhook HTTP/1.1`, 'host: 127.0.0.1', 'connection: close', ...Object.entries(sent.headers).map(([name, value]) => `${name}: ${value}`), `content-length: ${body.length}`]
  const socket: Socket = connect(port, '127.0.0.1')
  const chunks: Buffer[] = []
  socket.on('data', (chunk: Buffer) => chunks.push(chunk))
  const answer = new Promise<Answer>((resolve) => socket.on('close', () => resolve(parse(Buffer.concat(chunks)))))
  await new Promise<void>((resolve) => socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body.subarray(0, -1)]), () => resolve()))
  return {
    deliveryId: sent.deliveryId,
    /** Whatever came back before the body was finished. */
    early: () => Buffer.concat(chunks).length > 0,
    finish: () => {
      socket.write(body.subarray(-1))
      return answer
    },
  }
}

function parse(data: Buffer): Answer {
  const end = data.indexOf('\r\n\r\n')
  const [statusLine = '', ...lines] = data.subarray(0, end).toString('latin1').split('\r\n')
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
  return { status: Number(statusLine.split(' ')[1]), headers, body: data.subarray(end + 4).toString() }
}

async function deliver(base: string) {
  const sent = await delivery()
  const res = await fetch(`${base}/api/webhook`, { method: 'POST', headers: sent.headers, body: sent.body })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as { deliveryId?: string; error?: string; message?: string } }
}

t.test('past MAX_REQUESTS_IN_FLIGHT deliveries being handled, the next is answered 503 + Retry-After at once and not stored; 2xx still means stored', async (t) => {
  const { port, base, redis } = await startIngestProcess(t, { MAX_REQUESTS_IN_FLIGHT: '2', MAX_EVENT_LOOP_DELAY_MS: '0', MAX_RSS_MB: '0' })
  const held = [await heldDelivery(port), await heldDelivery(port)]
  await new Promise((resolve) => setTimeout(resolve, 200)) // both have reached the ingest

  const started = Date.now()
  const shed = await deliver(base)
  t.equal(shed.status, 503, 'the third delivery at once is shed')
  t.equal(shed.retryAfter, '5', 'with Retry-After')
  t.equal(shed.json.error, 'unavailable')
  t.match(shed.json.message, /already handling 2 deliveries: the delivery was not stored, redeliver it later/)
  t.ok(Date.now() - started < 1_000, `answered at once (${Date.now() - started} ms)`)
  t.equal((await fetch(`${base}/healthz`)).status, 200, '/healthz is neither counted nor shed')
  t.notOk(held.some((each) => each.early()), 'the deliveries in flight are still waiting for their last byte')

  const answers = await Promise.all(held.map((each) => each.finish()))
  t.same(answers.map((answer) => answer.status), [202, 202], 'the two in flight are stored once their bodies arrive')
  t.same(await storedIds(redis), held.map((each) => each.deliveryId).sort(), 'the inbox holds those two and not the shed one')

  const after = await deliver(base)
  t.equal(after.status, 202, 'once they are answered, their places are free again')
  t.equal((await storedIds(redis)).length, 3)
})

t.test('under the bound nothing changes: as many deliveries at once as the bound allows are all stored', async (t) => {
  const { base, redis } = await startIngestProcess(t, { MAX_REQUESTS_IN_FLIGHT: '20', MAX_EVENT_LOOP_DELAY_MS: '0', MAX_RSS_MB: '0' })
  const answers = await Promise.all(Array.from({ length: 20 }, () => deliver(base)))
  t.same(answers.map((answer) => answer.status), Array(20).fill(202))
  t.same(await storedIds(redis), answers.map((answer) => answer.json.deliveryId).sort(), 'every 202 is in the inbox')
})

t.test('0 turns the bound off', async (t) => {
  const { port, base, redis } = await startIngestProcess(t, { MAX_REQUESTS_IN_FLIGHT: '0', MAX_EVENT_LOOP_DELAY_MS: '0', MAX_RSS_MB: '0' })
  const held = [await heldDelivery(port), await heldDelivery(port)]
  t.equal((await deliver(base)).status, 202)
  t.same((await Promise.all(held.map((each) => each.finish()))).map((answer) => answer.status), [202, 202])
  t.equal((await storedIds(redis)).length, 3)
})
