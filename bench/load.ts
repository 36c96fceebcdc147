// One autocannon run, in its own process so the load generator does not share an event
// loop with the orchestrator. Every request gets a fresh X-GitHub-Delivery and a body of its
// own (trailing JSON whitespace spells its number), signed for it: the ingest stores a body
// once per hook, as GitHub never sends one body under two delivery ids.
import { createHmac, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import autocannon, { type Result } from 'autocannon'

export interface LoadSpec {
  url: string
  bodyFile: string
  headers: Record<string, string>
  /** The secret each request's own body is signed with. */
  secret: string
  connections: number
  duration?: number
  amount?: number
  /** Collect the delivery ids the server answered 2xx for (from the ingest's 202 body). */
  collectAccepted?: boolean
}

export interface LoadResult extends Result {
  accepted: string[]
}

const spec = JSON.parse(process.env.BENCH_LOAD ?? '{}') as LoadSpec
const body = readFileSync(spec.bodyFile)
const accepted: string[] = []
const distinctTail = (n: number) => `${n.toString(2).replaceAll('0', ' ').replaceAll('1', '\t')}\n`
// Each body distinct, also across the autocannon processes run side by side (one per ingest): the
// same body under another delivery id is a replay the ingest answers without storing it again.
let sent = process.pid * 1_000_000
const result = await autocannon({
  url: spec.url,
  method: 'POST',
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.duration ?? 10 }),
  timeout: 30,
  headers: spec.headers,
  body,
  requests: [
    {
      setupRequest: (request: Record<string, unknown>) => {
        const own = Buffer.concat([body, Buffer.from(distinctTail(sent++))])
        const signature = `sha256=${createHmac('sha256', spec.secret).update(own).digest('hex')}`
        request.headers = { ...(request.headers as Record<string, string>), 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signature }
        request.body = own
        return request
      },
      onResponse: (status: number, responseBody: string) => {
        if (spec.collectAccepted && status >= 200 && status < 300) accepted.push((JSON.parse(responseBody) as { deliveryId: string }).deliveryId)
      },
    },
  ],
})
process.stdout.write(`${JSON.stringify({ ...result, accepted } satisfies LoadResult)}\n`)
