// The ceiling: a bare Fastify app answering 202 on the same route (its default JSON parser
// reads and parses the body; nothing is verified or stored).
import Fastify from 'fastify'

const app = Fastify({ bodyLimit: 25 * 1024 * 1024 })
app.post('/api/webhook', (_req, reply) => reply.code(202).send())
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' })
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
