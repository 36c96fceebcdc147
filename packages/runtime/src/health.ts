import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Gauge } from 'prom-client'

export type ReadinessCheck = () => Promise<boolean>

export interface HealthOptions {
  /** Each real dependency, by name: /readyz is 200 only when every one answers. */
  checks: Record<string, ReadinessCheck>
  /** Set while shutting down: /readyz answers 503 so load balancers stop sending work. */
  isDraining?: () => boolean
}

async function health(app: FastifyInstance, { checks, isDraining }: HealthOptions) {
  const names = Object.keys(checks)
  const runChecks = () => Promise.all(names.map((name) => checks[name]!().catch(() => false)))
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (_req, reply) => {
    const results = await runChecks()
    const dependencies = Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down']))
    const draining = isDraining?.() ?? false
    const ready = !draining && results.every(Boolean)
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : draining ? 'draining' : 'unavailable', dependencies })
  })
  // What /readyz checks, as a series: Prometheus alerts on a dependency down, not on a pod
  // draining (each check is bounded by its own timeout, so a scrape is too).
  if (app.hasDecorator('metrics')) {
    new Gauge({
      name: 'gwm_dependency_up',
      help: 'Readiness checks at scrape time, by dependency: 1 when it answers, 0 when /readyz would say it is down',
      labelNames: ['dependency'] as const,
      registers: [app.metrics],
      async collect() {
        const results = await runChecks()
        for (const [i, name] of names.entries()) this.set({ dependency: name }, results[i] ? 1 : 0)
      },
    })
  }
}

export const healthPlugin = fp(health, { name: 'health', fastify: '5.x' })
