import { Counter, type Registry } from 'prom-client'

/**
 * gwm_worker_inbox_relayed_total. The inbox's depth and the age of its oldest entry are the
 * ingest's (gwm_ingest_inbox_*): they are read where deliveries go in, so they still show a
 * backlog when no worker runs.
 */
export function inboxMetrics(registry: Registry) {
  const relayed = new Counter({ name: 'gwm_worker_inbox_relayed_total', help: 'Deliveries taken from the ingest inbox by this worker (stored in batches, or queued as events jobs)', registers: [registry] })
  return { onRelayed: (count: number) => relayed.inc(count) }
}
