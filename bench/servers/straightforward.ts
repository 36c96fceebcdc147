// For comparison: the straightforward ingest the issue measured — raw body as a string,
// verify, JSON.parse, one queue.add per request (no batching), then 202. Same Redis, same
// job id and data as ours.
import { Webhooks } from '@octokit/webhooks'
import Fastify from 'fastify'
import { addJob, createQueue, createRedis, jobId, QUEUES } from '../../packages/queue/src/index.ts'

const webhooks = new Webhooks({ secret: process.env.BENCH_SECRET ?? '' })
const queue = createQueue(QUEUES.events, createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'producer'), process.env.QUEUE_PREFIX ?? '{bench}')
const app = Fastify({ bodyLimit: 25 * 1024 * 1024 })
app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body))
app.post('/api/webhook', async (req, reply) => {
  const body = req.body as string
  if (!(await webhooks.verify(body, String(req.headers['x-hub-signature-256'])))) return reply.code(401).send()
  const payload = JSON.parse(body) as { action?: string }
  const deliveryId = String(req.headers['x-github-delivery'])
  const hookId = String(req.headers['x-github-hook-id'])
  await addJob(queue, 'github-event', { deliveryId, event: String(req.headers['x-github-event']), action: payload.action, hookId, receivedAt: new Date().toISOString(), payload: body }, jobId(hookId, deliveryId))
  return reply.code(202).send({ deliveryId })
})
app.get('/readyz', async () => ({ ok: true }))
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
