// A process of its own holding SUBSCRIBERS open GET /api/events/stream connections of one
// session (COOKIE) to GATEWAY_URL. Prints "ready" once every stream said it is connected, then
// waits for EXPECT messages whose deliveryId starts with MARK on each stream (or TIMEOUT_MS from
// then; the parent gives the connections their own deadline) and
// prints, as its last line, the delay of each delivery: now minus the time the deliveryId
// carries after MARK (the publisher's clock: the same machine's).
import { request } from 'node:http'
import { percentile } from './percentiles.ts'

const { GATEWAY_URL = '', COOKIE = '', MARK = 'bench-', SUBSCRIBERS = '1', EXPECT = '100', TIMEOUT_MS = '60000' } = process.env
const now = () => performance.timeOrigin + performance.now()
const expected = Number(EXPECT)
const delays: number[] = []
/** Each message's delays, by the moment it was published: the first second's told apart from the rest. */
const byMessage = new Map<number, number[]>()
const received: number[] = []
let connected = 0
let failed = 0
const startedAt = performance.now()
let ready = () => {}
const allConnected = new Promise<void>((resolve) => {
  ready = resolve
})
let finish = () => {}
const finished = new Promise<void>((resolve) => {
  finish = resolve
})
const complete = () => received.length === Number(SUBSCRIBERS) && received.every((n) => n >= expected)

function subscribe(index: number) {
  received[index] = 0
  let buffer = ''
  const req = request(`${GATEWAY_URL}/api/events/stream`, { headers: { cookie: COOKIE, accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      failed++
      process.stderr.write(`stream ${index}: ${res.statusCode}\n`)
      res.resume()
      return
    }
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      buffer += chunk
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        if (block.includes(': connected') && ++connected === Number(SUBSCRIBERS)) {
          process.stderr.write(`api-subscribers: ${connected} streams connected in ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`)
          process.stdout.write('ready\n')
          ready()
        }
        const data = block.split('\n').find((line) => line.startsWith('data: '))
        const deliveryId = data && /"deliveryId":"([^"]*)"/.exec(data)?.[1]
        if (!deliveryId?.startsWith(MARK)) continue
        const publishedAt = Number(deliveryId.slice(MARK.length))
        const delay = now() - publishedAt
        delays.push(delay)
        if (!byMessage.has(publishedAt)) byMessage.set(publishedAt, [])
        byMessage.get(publishedAt)!.push(delay)
        received[index]!++
        if (complete()) finish()
      }
    })
  })
  req.on('error', (err) => {
    failed++
    process.stderr.write(`stream ${index}: ${err.message}\n`)
  })
  req.end()
}

for (let i = 0; i < Number(SUBSCRIBERS); i++) subscribe(i)
await allConnected
await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, Number(TIMEOUT_MS)))])
delays.sort((a, b) => a - b)
const firstAt = Math.min(...byMessage.keys())
const afterFirstSecond = [...byMessage].filter(([at]) => at - firstAt >= 1_000).flatMap(([, list]) => list).sort((a, b) => a - b)
const summary = {
  subscribers: Number(SUBSCRIBERS),
  connected,
  failed,
  deliveries: delays.length,
  expected: expected * Number(SUBSCRIBERS),
  p50: percentile(delays, 50),
  p99: percentile(delays, 99),
  max: delays.at(-1) ?? Number.NaN,
  /** The messages published from one second after the first on: the stream once the subscribers' connections are behind it. */
  p99AfterFirstSecond: percentile(afterFirstSecond, 99),
}
process.stdout.write(`${JSON.stringify(summary)}\n`)
process.exit(0)
