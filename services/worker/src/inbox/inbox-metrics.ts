import { inboxKeys } from '@gwm/queue'
import type { Redis } from 'ioredis'
import { Counter, Gauge, type Registry } from 'prom-client'

/** gwm_worker_inbox_relayed_total and gwm_worker_inbox_depth (read from Redis at scrape time). */
export function inboxMetrics(registry: Registry, redis: Redis, prefix: string) {
  const relayed = new Counter({ name: 'gwm_worker_inbox_relayed_total', help: 'Deliveries taken from the ingest inbox by this worker (stored in batches, or queued as events jobs)', registers: [registry] })
  new Gauge({
    name: 'gwm_worker_inbox_depth',
    help: 'Deliveries in the ingest inbox, not yet stored',
    registers: [registry],
    async collect() {
      const depth = await Promise.race([redis.xlen(inboxKeys(prefix).stream), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 1_000).unref())]).catch(() => undefined)
      if (depth !== undefined) this.set(depth)
    },
  })
  return { onRelayed: (count: number) => relayed.inc(count) }
}
