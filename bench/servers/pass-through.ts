// The baseline of bench/e2e.ts: for each POST, start forwarding the body to the platform
// receiver (FORWARD_URL, the delivery GUID as webhook-id) and answer 202 at once. Nothing is
// verified, stored or retried (beyond a kept-alive connection reset as it was reused): what
// moving a delivery from GitHub to the platform costs with nothing in between.
import { Agent, request } from 'node:http'
import Fastify from 'fastify'

const target = new URL(process.env.FORWARD_URL ?? 'http://127.0.0.1:9001/pass-through')
const agent = new Agent({ keepAlive: true })
const app = Fastify({ bodyLimit: 25 * 1024 * 1024 })
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
function forward(body: Buffer, headers: Record<string, string>, attempt = 1) {
  const req = request(target, { method: 'POST', agent, headers }, (res) => res.resume())
  req.on('error', (error: NodeJS.ErrnoException) => {
    // Only a kept-alive connection the receiver closed as it was reused (the request never got there).
    if (req.reusedSocket && error.code === 'ECONNRESET' && attempt < 3) forward(body, headers, attempt + 1)
  })
  req.end(body)
}

app.post('/api/webhook', (req, reply) => {
  const deliveryId = String(req.headers['x-github-delivery'])
  const body = req.body as Buffer
  forward(body, { 'content-type': 'application/json', 'content-length': String(body.length), 'webhook-id': deliveryId })
  reply.code(202).send({ deliveryId })
})
app.get('/readyz', async () => ({ ok: true }))
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
