import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { Registry, collectDefaultMetrics } from 'prom-client'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry
  }
}

interface MetricsOptions {
  service: string
  /** Serve GET /metrics on this app (default); false when metricsServer serves it on a port of its own. */
  route?: boolean
}

const scrape = (registry: Registry) => async (_req: unknown, reply: FastifyReply) =>
  reply.type(registry.contentType).send(await registry.metrics())

/** One registry per app (not the global one), so tests can build several apps per process. */
async function metrics(app: FastifyInstance, { service, route = true }: MetricsOptions) {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry })
  app.decorate('metrics', registry)
  if (route) app.get('/metrics', scrape(registry))
}

export const metricsPlugin = fp(metrics, { name: 'metrics', fastify: '5.x' })

/**
 * An app that serves nothing but GET /metrics from the registry, to listen on a port apart from
 * the public one (a service reached from the internet keeps its metrics off that port).
 */
export function metricsServer(registry: Registry): FastifyInstance {
  const app = Fastify({ logger: false })
  app.get('/metrics', scrape(registry))
  return app
}
