import { EventEmitter } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { renderReceiverPage } from './platform-receiver-page.ts'
import type { ReceivedRequest } from './received-request.ts'
import type { TestLike } from './teardown.ts'

export type { ReceivedRequest } from './received-request.ts'

/** How the receiver answers one request; scripted answers are used up in order, then 200. */
export interface ScriptedAnswer {
  status: number
  /** Sent as the Retry-After header (seconds, or an HTTP date). */
  retryAfter?: string
  /** Hold the response this long first (to outlast the worker's timeout). */
  stallMs?: number
}

export interface PlatformReceiver {
  /** Where to POST callbacks: http://127.0.0.1:<port>/callbacks */
  url: string
  port: number
  /** Every request, in arrival order, with the answer it got. */
  requests: ReceivedRequest[]
  /** Verified requests answered 2xx to a caller still listening: what the platform acted on. */
  delivered(): ReceivedRequest[]
  respond(...answers: ScriptedAnswer[]): void
  failNext(times: number, status?: number): void
  rateLimitNext(times: number, retryAfterSeconds: number): void
  rejectNext(times: number, status?: number): void
  stallNext(times: number, stallMs: number): void
  waitFor(predicate: (receiver: PlatformReceiver) => boolean, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const parse = (raw: string): ReceivedRequest['body'] => {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

/**
 * A stand-in deployment platform: a real HTTP server that verifies the Standard Webhooks
 * signature of every POST, records it, and answers as scripted. GET / shows what it got
 * (HTML for browsers, JSON otherwise); POST /_control {status, times?, retryAfter?, stallMs?}
 * scripts the next answers when it runs standalone.
 */
export async function createPlatformReceiver(options: { secret: string; port?: number; host?: string; t?: TestLike }): Promise<PlatformReceiver> {
  const verifier = new Webhook(options.secret)
  const events = new EventEmitter()
  const script: ScriptedAnswer[] = []
  const requests: ReceivedRequest[] = []
  const stalls = new Set<NodeJS.Timeout>()

  const answer = (res: ServerResponse, { status, retryAfter }: ScriptedAnswer) => {
    if (retryAfter !== undefined) res.setHeader('retry-after', retryAfter)
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }))
  }

  async function onCallback(req: IncomingMessage, res: ServerResponse) {
    const raw = await readBody(req)
    const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value)]))
    let verified = true
    try {
      verifier.verify(raw, headers)
    } catch {
      verified = false
    }
    const planned: ScriptedAnswer = verified ? (script.shift() ?? { status: 200 }) : { status: 401 }
    const record: ReceivedRequest = { at: Date.now(), path: req.url ?? '/', webhookId: headers['webhook-id'], traceparent: headers.traceparent, verified, status: planned.status, aborted: false, body: parse(raw) }
    requests.push(record)
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true
      events.emit('change')
    })
    if (!planned.stallMs) return answer(res, planned)
    const timer = setTimeout(() => {
      stalls.delete(timer)
      if (!res.destroyed) answer(res, planned)
    }, planned.stallMs)
    stalls.add(timer)
  }

  async function onControl(req: IncomingMessage, res: ServerResponse) {
    const body = parse(await readBody(req)) as (ScriptedAnswer & { times?: number }) | undefined
    if (!body || !Number.isInteger(body.status)) return res.writeHead(400).end('expected {"status": 500, "times": 2}')
    receiver.respond(...Array.from({ length: body.times ?? 1 }, () => ({ status: body.status, retryAfter: body.retryAfter, stallMs: body.stallMs })))
    res.writeHead(204).end()
  }

  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/' || req.url?.startsWith('/?'))) {
      const html = (req.headers.accept ?? '').includes('text/html')
      res.writeHead(200, { 'content-type': html ? 'text/html; charset=utf-8' : 'application/json' })
      return res.end(html ? renderReceiverPage(requests) : JSON.stringify({ requests, delivered: receiver.delivered() }))
    }
    if (req.method === 'POST' && req.url === '/_control') return void onControl(req, res)
    if (req.method === 'POST') return void onCallback(req, res)
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const receiver: PlatformReceiver = {
    url: `http://127.0.0.1:${port}/callbacks`,
    port,
    requests,
    delivered: () => requests.filter((r) => r.verified && r.status >= 200 && r.status < 300 && !r.aborted),
    respond: (...answers) => void script.push(...answers),
    failNext: (times, status = 500) => receiver.respond(...Array.from({ length: times }, () => ({ status }))),
    rateLimitNext: (times, seconds) => receiver.respond(...Array.from({ length: times }, () => ({ status: 429, retryAfter: String(seconds) }))),
    rejectNext: (times, status = 400) => receiver.respond(...Array.from({ length: times }, () => ({ status }))),
    stallNext: (times, stallMs) => receiver.respond(...Array.from({ length: times }, () => ({ status: 200, stallMs }))),
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate(receiver)) return
          cleanup()
          resolve()
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`platform receiver: condition not met within ${timeoutMs} ms (${requests.length} requests so far)`))
        }, timeoutMs)
        const cleanup = () => {
          clearTimeout(timer)
          events.off('change', check)
        }
        events.on('change', check)
        check()
      }),
    close: async () => {
      for (const timer of stalls) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
  options.t?.teardown(() => receiver.close())
  return receiver
}
