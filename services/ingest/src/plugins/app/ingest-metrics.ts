import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Histogram } from 'prom-client'

export interface IngestMetrics {
  deliveries: Counter<'event' | 'outcome'>
  verificationFailures: Counter<'reason'>
  enqueueSeconds: Histogram
  batchSize: Histogram
}

declare module 'fastify' {
  interface FastifyInstance {
    ingestMetrics: IngestMetrics
  }
}

/** The ingest's own Prometheus series, on the app's registry (see metricsPlugin). */
async function ingestMetrics(app: FastifyInstance) {
  const registers = [app.metrics]
  app.decorate('ingestMetrics', {
    deliveries: new Counter({
      name: 'gwm_ingest_deliveries_total',
      help: 'Webhook deliveries by event (unverified until the signature checks out) and outcome (accepted, rejected, unavailable)',
      labelNames: ['event', 'outcome'] as const,
      registers,
    }),
    verificationFailures: new Counter({
      name: 'gwm_ingest_verification_failures_total',
      help: 'Deliveries refused with 401, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    enqueueSeconds: new Histogram({
      name: 'gwm_ingest_enqueue_duration_seconds',
      help: 'Time from handing a verified delivery to the inbox until Redis confirmed it',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    batchSize: new Histogram({
      name: 'gwm_ingest_enqueue_batch_size',
      help: 'Deliveries written to Redis in one round trip',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers,
    }),
  })
}

export default fp(ingestMetrics, { name: 'ingest-metrics', dependencies: ['metrics'] })
