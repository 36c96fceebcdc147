import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Histogram } from 'prom-client'

/** The probes and the scrape: counted by whoever calls them, not as traffic. */
const UNCOUNTED = new Set(['/metrics', '/healthz', '/readyz'])

/**
 * gwm_http_request_duration_seconds: every answered request by method, route pattern (as
 * registered, `/api/repos/:owner/:repo/webhook`, never the raw URL: one series per route,
 * whatever ids people send) and status code. Its _count is the request rate, the 5xx share
 * of it the error rate. A request no route matched counts under route "unmatched".
 */
async function httpMetrics(app: FastifyInstance) {
  const duration = new Histogram({
    name: 'gwm_http_request_duration_seconds',
    help: 'HTTP requests answered, by method, route pattern and status code, and how long they took',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [app.metrics],
  })
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url
    if (route !== undefined && UNCOUNTED.has(route)) return
    duration.observe({ method: req.method, route: route ?? 'unmatched', status_code: String(reply.statusCode) }, reply.elapsedTime / 1_000)
  })
}

export const httpMetricsPlugin = fp(httpMetrics, { name: 'http-metrics', fastify: '5.x', dependencies: ['metrics'] })
