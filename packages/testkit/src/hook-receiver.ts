import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { TestLike } from './teardown.ts'

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders
  body: string
}

/**
 * Stands where a webhook URL points (the ingest's POST /api/webhook), so the GitHub
 * simulator's deliveries land somewhere real: it records every request and answers
 * `state.status` after `state.delayMs`. Closed on teardown.
 */
export async function startHookReceiver(t: TestLike, answer: { status?: number; delayMs?: number } = {}) {
  const received: ReceivedDelivery[] = []
  const waiters: Array<() => void> = []
  const state = { status: answer.status ?? 200, delayMs: answer.delayMs ?? 0 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      for (const wake of waiters.splice(0)) wake()
      setTimeout(() => res.writeHead(state.status, { 'content-type': 'application/json' }).end('{"ok":true}'), state.delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/api/webhook`,
    received,
    state,
    /** What to answer from now on: 500 makes GitHub record failed deliveries. */
    answer(status: number) {
      state.status = status
    },
    /** Resolves once `count` requests have arrived. */
    async waitFor(count: number, timeoutMs = 5_000): Promise<ReceivedDelivery[]> {
      const deadline = Date.now() + timeoutMs
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} of ${count} requests`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
      return received.slice(0, count)
    },
  }
}

/** Whether a delivery's X-Hub-Signature-256 is the HMAC of its body with secret. */
export function signedWith(delivery: ReceivedDelivery, secret: string): boolean {
  const header = String(delivery.headers['x-hub-signature-256'] ?? '')
  const expected = `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`
  return header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected))
}
