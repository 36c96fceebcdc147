import type { IngestConfig } from '@gwm/config'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { Gauge } from 'prom-client'
import { createInbox, type Inbox } from '../../lib/inbox.ts'
import { withDeadline } from '../../lib/with-deadline.ts'

declare module 'fastify' {
  interface FastifyInstance {
    inbox: Inbox
  }
}

/** `app.inbox`: where verified deliveries are stored, batched per event-loop turn. */
async function inbox(app: FastifyInstance, { config, redis }: { config: IngestConfig; redis: Redis }) {
  const deliveries = createInbox({
    redis,
    prefix: config.QUEUE_PREFIX,
    onBatch: (size) => app.ingestMetrics.batchSize.observe(size),
  })
  app.decorate('inbox', deliveries)

  new Gauge({
    name: 'gwm_ingest_inbox_depth',
    help: 'Deliveries stored by the ingest and not yet taken by a worker, read from Redis at scrape time',
    registers: [app.metrics],
    async collect() {
      const depth = await withDeadline(deliveries.depth(), 1_000, () => new Error('timeout')).catch(() => undefined)
      if (depth !== undefined) this.set(depth) // Redis away: keep the last reading; /readyz says why
    },
  })
}

export default fp(inbox, { name: 'inbox', dependencies: ['ingest-metrics'] })
