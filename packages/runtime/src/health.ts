import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export type ReadinessCheck = () => Promise<boolean>

export interface HealthOptions {
  /** Each real dependency, by name: /readyz is 200 only when every one answers. */
  checks: Record<string, ReadinessCheck>
  /** Set while shutting down: /readyz answers 503 so load balancers stop sending work. */
  isDraining?: () => boolean
}

async function health(app: FastifyInstance, { checks, isDraining }: HealthOptions) {
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_req, reply) => {
    const names = Object.keys(checks)
    const results = await Promise.all(names.map((name) => checks[name]!().catch(() => false)))
    const dependencies = Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down']))
    const draining = isDraining?.() ?? false
    const ready = !draining && results.every(Boolean)
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : draining ? 'draining' : 'unavailable', dependencies })
  })
}

export const healthPlugin = fp(health, { name: 'health', fastify: '5.x' })
