import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { Test } from 'tap'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/**
 * Stands where the ingest's POST /api/webhook would be (WEBHOOK_URL), so the simulator's
 * deliveries land somewhere real: it records them and answers `status` (202 by default).
 */
export async function startReceiver(t: Test) {
  const received: Received[] = []
  const state = { status: 202 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(state.status, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    url: `http://127.0.0.1:${address.port}/api/webhook`,
    received,
    /** What to answer from now on: 500 makes GitHub record failed deliveries. */
    answer(status: number) {
      state.status = status
    },
  }
}

/** Whether a delivery's X-Hub-Signature-256 is the HMAC of its body with secret. */
export function signedWith(delivery: Received, secret: string): boolean {
  const header = String(delivery.headers['x-hub-signature-256'] ?? '')
  const expected = `sha256=${createHmac('sha256', secret).update(delivery.body).digest('hex')}`
  return header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected))
}
