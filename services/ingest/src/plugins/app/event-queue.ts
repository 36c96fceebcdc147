import type { IngestConfig } from '@gwm/config'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { Gauge } from 'prom-client'
import { createEventQueue, type EventQueue } from '../../lib/event-queue.ts'
import { withDeadline } from '../../lib/with-deadline.ts'

declare module 'fastify' {
  interface FastifyInstance {
    events: EventQueue
  }
}

/** `app.events`: the events queue, batched; closed with the app, after in-flight requests. */
async function eventQueue(app: FastifyInstance, { config, redis }: { config: IngestConfig; redis: Redis }) {
  const events = createEventQueue({
    redis,
    prefix: config.QUEUE_PREFIX,
    onBatch: (size) => app.ingestMetrics.batchSize.observe(size),
  })
  app.decorate('events', events)
  app.addHook('onClose', () => events.close())

  new Gauge({
    name: 'ingest_queue_depth',
    help: 'Jobs in the events queue by state, read from Redis at scrape time',
    labelNames: ['state'] as const,
    registers: [app.metrics],
    async collect() {
      const counts = await withDeadline(events.depth(), 1_000, () => new Error('timeout')).catch(() => undefined)
      if (!counts) return // Redis away: keep the last reading; /readyz says why
      for (const [state, count] of Object.entries(counts)) this.set({ state }, count)
    },
  })
}

export default fp(eventQueue, { name: 'event-queue', dependencies: ['ingest-metrics'] })
