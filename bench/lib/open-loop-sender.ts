// One open-loop run of signed GitHub deliveries, in its own process so sending does not share
// an event loop with the receiver: delivery i leaves at start + i / rate whether or not the
// earlier ones were answered (as many in flight as it takes), round-robin over the targets.
// The payloads are a pool of real examples (the fault suite's mix); every send gets a fresh
// X-GitHub-Delivery and a body of its own (its pool body and trailing JSON whitespace that
// spells its number), signed for it: the ingest stores a body once per hook, as GitHub never
// sends one body under two delivery ids.
// Prints one JSON line: what each delivery got, and when (with spec.stream, one line per delivery
// as it is answered first, and the last line without them).
import { createHmac, randomUUID } from 'node:crypto'
import { planDeliveries, seededRandom } from '../../tests/faults/lib/github-sender.ts'
import { percentile } from './percentiles.ts'
import { createRawClient } from './raw-http.ts'
import type { SenderResult, SenderSpec, SentDelivery } from './sender-spec.ts'

const spec = JSON.parse(process.env.BENCH_SENDER ?? '{}') as SenderSpec
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const planned = await planDeliveries({ posts: spec.pool, hooks: spec.hooks, random: seededRandom(spec.seed), duplicateShare: 0, deployingShare: spec.deployingShare, ownRepositories: true })
const targets = spec.targets.map((target) => new URL('/api/webhook', target))
// Each delivery's request head, built once per target: up to its signature, which each send
// completes with the signature of its own body, its length and a fresh GUID.
const secretOf = (hookId: number) => spec.hooks.find((hook) => (hook.id ?? 0) === hookId)!.secret
const pool = planned.deliveries.map((delivery) => {
  const body = Buffer.from(delivery.body)
  const skipped = ['x-github-delivery', 'x-hub-signature-256', 'content-length', 'host', 'connection']
  const headers = Object.entries(delivery.headers).filter(([name]) => !skipped.includes(name.toLowerCase()))
  const heads = targets.map((target) => Buffer.from(`POST ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join('')}x-hub-signature-256: sha256=`))
  return { body, heads, secret: secretOf(delivery.hookId), expected: delivery.expectedRequests }
})
const distinctTail = (n: number) => Buffer.from(`${n.toString(2).replaceAll('0', ' ').replaceAll('1', '\t')}\n`)
// Raw requests on kept-alive connections rather than node:http: a fraction of the CPU per
// request, so the sender keeps its schedule and leaves the machine to what it measures.
const clients = targets.map((target) => createRawClient(target, { timeoutMs: spec.timeoutMs, now }))
const results: SentDelivery[] = spec.stream ? [] : new Array(spec.count)
const late: number[] = new Array(spec.count)
let outstanding = 0
let allAnswered = () => {}
const streamed: string[] = []
const flush = () => {
  if (streamed.length) process.stdout.write(`${streamed.splice(0).join('\n')}\n`)
}
const flushing = spec.stream ? setInterval(flush, 100) : undefined

async function send(i: number): Promise<void> {
  const { body, heads, secret, expected } = pool[i % pool.length]!
  const own = Buffer.concat([body, distinctTail((spec.firstBody ?? 0) + i)])
  const signature = createHmac('sha256', secret).update(own).digest('hex')
  const deliveryId = randomUUID()
  const target = i % targets.length
  const sentAt = now()
  const rest = Buffer.from(`${signature}\r\ncontent-length: ${own.length}\r\nx-github-delivery: ${deliveryId}\r\n\r\n`)
  outstanding++
  const { status, answeredAt, retryAfter } = await clients[target]!.send([heads[target]!, rest, own])
  const line: SentDelivery = [deliveryId, expected, status, sentAt, answeredAt, retryAfter ? 1 : 0]
  if (spec.stream) streamed.push(JSON.stringify(line))
  else results[i] = line
  if (--outstanding === 0) allAnswered()
}

const interval = 1000 / spec.rate
const startedAt = now() + 20
for (let i = 0; i < spec.count; ) {
  const at = now()
  for (; i < spec.count && startedAt + i * interval <= at; i++) {
    late[i] = at - (startedAt + i * interval)
    void send(i)
  }
  if (i < spec.count) await sleep(Math.max(0, startedAt + i * interval - now()))
}
if (outstanding > 0) await new Promise<void>((resolve) => (allAnswered = resolve))
clearInterval(flushing)
flush()
for (const client of clients) client.close()
late.sort((a, b) => a - b)
const result: SenderResult = {
  lateP99: percentile(late, 99),
  lateMax: late.at(-1) ?? 0,
  deliveries: results,
}
process.stdout.write(`${JSON.stringify(result)}\n`)
