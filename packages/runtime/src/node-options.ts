/**
 * The Node options every service runs with: the Dockerfile's NODE_OPTIONS, and the local stack,
 * the fault suite and the benchmarks, which start the services themselves.
 *
 * --max-semi-space-size=8: requests waiting on Redis or Postgres survive a scavenge or two, and
 * V8 answers a high survival rate by growing the young generation up to 64 MB semi-spaces. That
 * was 128 MB of the ingest's and the worker's peak RSS at 1,000 deliveries/s, for under 50 MB of
 * live objects. 8 MB semi-spaces keep the young generation at 16 MB; the scavenges it adds cost
 * less CPU than they save in RSS (bench/results: ingest and e2e runs of this change).
 */
export const SERVICE_NODE_OPTIONS = '--disable-warning=ExperimentalWarning --max-semi-space-size=8'
