import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Registry, collectDefaultMetrics } from 'prom-client'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry
  }
}

/** One registry per app (not the global one), so tests can build several apps per process. */
async function metrics(app: FastifyInstance, { service }: { service: string }) {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry })
  app.decorate('metrics', registry)
  app.get('/metrics', async (_req, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics())
  })
}

export const metricsPlugin = fp(metrics, { name: 'metrics', fastify: '5.x' })
