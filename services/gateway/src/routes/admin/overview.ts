import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const age = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : ms < 3_600_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 3_600_000).toFixed(1)} h`)

/** GET /admin: the operator's front page. Plain HTML, no script: the strict CSP holds. */
const overview: FastifyPluginAsyncTypebox = async (app) => {
  app.get('', { schema: { hide: true } }, async (_req, reply) => {
    const backlog = await app.operations.inbox()
    const oldest = backlog.oldest ? `, the oldest waiting ${age(backlog.oldest.ageMs)} (since ${backlog.oldest.receivedAt})` : ''
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Operator pages</title></head>
<body><main>
<h1>Operator pages</h1>
<h2>Inbox</h2>
<p>${backlog.depth} ${backlog.depth === 1 ? 'delivery' : 'deliveries'} in the ingest's inbox${escapeHtml(oldest)}. <a href="/admin/inbox">As JSON</a></p>
<h2>Queues</h2>
<p><a href="/admin/queues">Queues</a>: every BullMQ queue, its jobs and failures (bull-board).</p>
<h2>Failed deliveries</h2>
<p><a href="/admin/failed">Failed deliveries</a>: dead letters not replayed yet and each queue's failed jobs (JSON).
Replay a dead letter with <code>POST /api/events/dead-letters/{id}/replay</code> (the events API: <a href="/docs">API docs</a>).</p>
</main></body></html>`
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html)
  })
}
export default overview
