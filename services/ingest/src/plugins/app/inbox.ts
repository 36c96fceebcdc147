import type { IngestConfig } from '@gwm/config'
import type { InboxBacklog } from '@gwm/queue'
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

  // One Redis read per scrape for both gauges: the second collect shares the first's read.
  let reading: Promise<InboxBacklog | undefined> | undefined
  const readBacklog = () => {
    reading ??= withDeadline(deliveries.backlog(), 1_000, () => new Error('timeout'))
      .catch(() => undefined)
      .finally(() => {
        reading = undefined
      })
    return reading
  }
  // Redis away: each gauge keeps its last reading; /readyz says why.
  new Gauge({
    name: 'gwm_ingest_inbox_depth',
    help: 'Deliveries in the inbox not yet stored by a worker (read or not), read from Redis at scrape time',
    registers: [app.metrics],
    async collect() {
      const backlog = await readBacklog()
      if (backlog) this.set(backlog.depth)
    },
  })
  new Gauge({
    name: 'gwm_ingest_inbox_oldest_age_seconds',
    help: 'How long ago the oldest delivery still in the inbox was appended (0 when empty): how far behind the worker is',
    registers: [app.metrics],
    async collect() {
      const backlog = await readBacklog()
      if (backlog) this.set(backlog.oldestAgeSeconds)
    },
  })
}

export default fp(inbox, { name: 'inbox', dependencies: ['ingest-metrics'] })
