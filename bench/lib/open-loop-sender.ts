// One open-loop run of signed GitHub deliveries, in its own process so sending does not share
// an event loop with the receiver: delivery i leaves at start + i / rate whether or not the
// earlier ones were answered (as many in flight as it takes), round-robin over the targets.
// The payloads are a pool of real examples (the fault suite's mix), each signed once — the
// signature covers the body only — and every send gets a fresh X-GitHub-Delivery.
// Prints one JSON line: what each delivery got, and when.
import { randomUUID } from 'node:crypto'
import { Agent, request } from 'node:http'
import { planDeliveries, seededRandom } from '../../tests/faults/lib/github-sender.ts'
import { percentile } from './percentiles.ts'
import { CONNECTION_FAILED, NO_ANSWER, type SenderResult, type SenderSpec, type SentDelivery } from './sender-spec.ts'

const spec = JSON.parse(process.env.BENCH_SENDER ?? '{}') as SenderSpec
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const planned = await planDeliveries({ posts: spec.pool, hooks: spec.hooks, random: seededRandom(spec.seed), duplicateShare: 0, deployingShare: spec.deployingShare })
const pool = planned.deliveries.map((delivery) => {
  const body = Buffer.from(delivery.body)
  return { body, expected: delivery.expectedRequests, headers: { ...delivery.headers, 'content-length': String(body.length) } }
})
const targets = spec.targets.map((target) => new URL('/api/webhook', target))
// node:http rather than fetch: a fraction of the CPU per request, so the sender keeps its schedule longer.
const agent = new Agent({ keepAlive: true })
const results: SentDelivery[] = new Array(spec.count)
const late: number[] = new Array(spec.count)
const inFlight: Array<Promise<void>> = []

function send(i: number): Promise<void> {
  const { body, expected, headers } = pool[i % pool.length]!
  const deliveryId = randomUUID()
  const target = targets[i % targets.length]!
  const sentAt = now()
  return new Promise<void>((resolve) => {
    const done = (status: number, answeredAt = now()) => {
      results[i] ??= [deliveryId, expected, status, sentAt, answeredAt]
      resolve()
    }
    const post = (attempt: number) => {
      let timedOut = false
      const req = request(target, { method: 'POST', agent, headers: { ...headers, 'x-github-delivery': deliveryId }, timeout: spec.timeoutMs }, (res) => {
        const answeredAt = now()
        res.resume()
        res.on('end', () => done(res.statusCode ?? NO_ANSWER, answeredAt))
        res.on('error', () => done(CONNECTION_FAILED))
      })
      req.on('timeout', () => {
        timedOut = true
        req.destroy()
      })
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed just as it was reused: the request never
        // got there, so it is sent again (Node's documented case for a retry).
        if (!timedOut && req.reusedSocket && error.code === 'ECONNRESET' && attempt < 3) return post(attempt + 1)
        done(timedOut ? NO_ANSWER : CONNECTION_FAILED)
      })
      req.end(body)
    }
    post(1)
  })
}

const interval = 1000 / spec.rate
const startedAt = now() + 20
for (let i = 0; i < spec.count; ) {
  const at = now()
  for (; i < spec.count && startedAt + i * interval <= at; i++) {
    late[i] = at - (startedAt + i * interval)
    inFlight.push(send(i))
  }
  if (i < spec.count) await sleep(Math.max(0, startedAt + i * interval - now()))
}
await Promise.all(inFlight)
late.sort((a, b) => a - b)
const result: SenderResult = {
  lateP99: percentile(late, 99),
  lateMax: late.at(-1) ?? 0,
  deliveries: results,
}
process.stdout.write(`${JSON.stringify(result)}\n`)
