// One open-loop run of signed GitHub deliveries, in its own process so sending does not share
// an event loop with the receiver: delivery i leaves at start + i / rate whether or not the
// earlier ones were answered (as many in flight as it takes), round-robin over the targets.
// The payloads are a pool of real examples (the fault suite's mix), each signed once — the
// signature covers the body only — and every send gets a fresh X-GitHub-Delivery.
// Prints one JSON line: what each delivery got, and when.
import { randomUUID } from 'node:crypto'
import { planDeliveries, seededRandom } from '../../tests/faults/lib/github-sender.ts'
import { percentile } from './percentiles.ts'
import { createRawClient } from './raw-http.ts'
import type { SenderResult, SenderSpec, SentDelivery } from './sender-spec.ts'

const spec = JSON.parse(process.env.BENCH_SENDER ?? '{}') as SenderSpec
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const planned = await planDeliveries({ posts: spec.pool, hooks: spec.hooks, random: seededRandom(spec.seed), duplicateShare: 0, deployingShare: spec.deployingShare, ownRepositories: true })
const targets = spec.targets.map((target) => new URL('/api/webhook', target))
// Each delivery's request bytes, built once per target: the head up to the X-GitHub-Delivery
// value, which each send completes with a fresh GUID, then the body.
const pool = planned.deliveries.map((delivery) => {
  const body = Buffer.from(delivery.body)
  const headers = Object.entries(delivery.headers).filter(([name]) => !['x-github-delivery', 'content-length', 'host', 'connection'].includes(name.toLowerCase()))
  const heads = targets.map((target) =>
    Buffer.from(`POST ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}content-length: ${body.length}\r\nx-github-delivery: `),
  )
  return { body, heads, expected: delivery.expectedRequests }
})
// Raw requests on kept-alive connections rather than node:http: a fraction of the CPU per
// request, so the sender keeps its schedule and leaves the machine to what it measures.
const clients = targets.map((target) => createRawClient(target, { timeoutMs: spec.timeoutMs, now }))
const results: SentDelivery[] = new Array(spec.count)
const late: number[] = new Array(spec.count)
const inFlight: Array<Promise<void>> = []

async function send(i: number): Promise<void> {
  const { body, heads, expected } = pool[i % pool.length]!
  const deliveryId = randomUUID()
  const target = i % targets.length
  const sentAt = now()
  const { status, answeredAt } = await clients[target]!.send([heads[target]!, Buffer.from(`${deliveryId}\r\n\r\n`), body])
  results[i] = [deliveryId, expected, status, sentAt, answeredAt]
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
for (const client of clients) client.close()
late.sort((a, b) => a - b)
const result: SenderResult = {
  lateP99: percentile(late, 99),
  lateMax: late.at(-1) ?? 0,
  deliveries: results,
}
process.stdout.write(`${JSON.stringify(result)}\n`)
