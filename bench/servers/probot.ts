// What Probot users run today: @octokit/webhooks' Node middleware on node:http, with a
// no-op handler. It verifies the signature and parses the payload, but stores nothing.
import { createServer } from 'node:http'
import { createNodeMiddleware, Webhooks } from '@octokit/webhooks'

const webhooks = new Webhooks({ secret: process.env.BENCH_SECRET ?? '' })
webhooks.onAny(() => {})
const middleware = createNodeMiddleware(webhooks, { path: '/api/webhook' })
const server = createServer((req, res) => {
  middleware(req, res, () => res.writeHead(404).end())
})
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => process.exit(0)))
