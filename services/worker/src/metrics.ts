import type { Queue } from 'bullmq'
import { Counter, Gauge, Histogram, type Registry } from 'prom-client'

/**
 * A labelled counter with the series alerts read created at 0: Prometheus's increase() cannot
 * see the first count of a series that appears with it (the first dead letter, the first failure).
 */
export function zeroed<T extends string>(counter: Counter<T>, series: Array<Partial<Record<T, string>>>): Counter<T> {
  for (const labels of series) counter.inc(labels, 0)
  return counter
}

/** What a callback POST can come to: the platform's status class, or none (timed out, no connection). */
const ANSWERS = ['2xx', '3xx', '4xx', '5xx', 'none']

/** The worker's own series, on the app's registry (next to the process defaults). */
export function createWorkerMetrics(registry: Registry, queues: Queue[]) {
  const registers = [registry]
  new Gauge({
    name: 'gwm_worker_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed').catch(() => ({}) as Record<string, number>)
        for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count)
      }
    },
  })
  return {
    events: new Counter({ name: 'gwm_worker_events_total', help: 'GitHub deliveries processed, by event and outcome (stored, duplicate)', labelNames: ['event', 'outcome'], registers }),
    eventSeconds: new Histogram({ name: 'gwm_worker_event_seconds', help: 'Time to persist a delivery and enqueue its callbacks (from the inbox: the time of the whole batch it was stored in)', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers }),
    storeBatchSize: new Histogram({ name: 'gwm_worker_store_batch_size', help: 'Deliveries stored in one transaction (an inbox batch, or one events job)', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers }),
    requestsSuperseded: new Counter({ name: 'gwm_worker_requests_superseded_total', help: 'Deployment requests never sent because a newer one for the same environment replaced them when it was stored', registers }),
    requestsBlocked: zeroed(new Counter({ name: 'gwm_worker_requests_blocked_total', help: 'Deployment requests the CI gate blocked, never sent, by reason (checks_failed, checks_timed_out)', labelNames: ['reason'], registers }), [{ reason: 'checks_failed' }, { reason: 'checks_timed_out' }]),
    requestsCreated: new Counter({ name: 'gwm_worker_deployment_requests_total', help: 'Deployment requests derived from events', registers }),
    callbackAttempts: zeroed(
      new Counter({
        name: 'gwm_worker_callback_attempts_total',
        help: 'Callback POSTs by result (delivered, retry, failed) and the platform\'s answer (2xx, 3xx, 4xx, 5xx, or none: timed out or no connection)',
        labelNames: ['outcome', 'status_class'],
        registers,
      }),
      [{ outcome: 'delivered', status_class: '2xx' }, ...['retry', 'failed'].flatMap((outcome) => ANSWERS.slice(1).map((status_class) => ({ outcome, status_class })))],
    ),
    callbackSeconds: new Histogram({ name: 'gwm_worker_callback_seconds', help: 'Callback POST duration', buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers }),
    firstAttempts: new Counter({
      name: 'gwm_worker_first_attempts_total',
      help: 'New deployment requests from the inbox, by who made their first attempt: sent (the worker that stored them), queued (no room for it: the callbacks queue), handed_off (waited longer than CALLBACK_TIMEOUT_MS for a free POST: the callbacks queue)',
      labelNames: ['path'],
      registers,
    }),
    sweeperRecovered: new Counter({ name: 'gwm_worker_sweeper_recovered_total', help: 'Callbacks re-enqueued by the sweeper because their job was missing or had finished without recording', registers }),
    githubWrites: new Counter({
      name: 'gwm_worker_github_writes_total',
      help: 'Writes to GitHub mirroring deployments (App mode), by kind (deployment, deployment_status, inactive_status, comment) and outcome (ok, rate_limited, unavailable, refused, error)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
    deadLetters: new Counter({ name: 'gwm_worker_dead_letters_total', help: 'Deliveries the worker gave up storing, kept in dead_letters (the retry budget spent, or an input that can never be stored)', registers }),
    jobFailures: new Counter({ name: 'gwm_worker_job_failures_total', help: 'Failed job runs (retried or final), by queue', labelNames: ['queue'], registers }),
  }
}
export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>
