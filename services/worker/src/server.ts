import { loadWorkerConfig } from '@gwm/config'
import { createOrm } from '@gwm/domain'
import { createRedis } from '@gwm/queue'
import { loadConfigOrExit, onShutdown, stopTracing } from '@gwm/runtime'
import { buildWorker } from './app.ts'

const config = loadConfigOrExit(loadWorkerConfig)
// Event jobs hold a connection for their transaction; callback jobs only briefly. A connection
// lives a minute: its statements' generic plans are then made again with the statistics of the
// day's partition as it fills (the first ones of a day are made while it is empty).
const orm = await createOrm({ databaseUrl: config.DATABASE_URL, poolMax: config.EVENTS_CONCURRENCY + 8, connectionLifetimeSeconds: 60 })
const redis = createRedis(config.REDIS_URL, 'worker', 'worker')
const worker = await buildWorker(config, { orm, redis })

// SIGTERM: stop taking jobs, let in-flight ones finish (bounded), then close connections.
onShutdown(worker.http.log, [
  ['worker', () => worker.close()],
  ['redis', () => redis.quit()],
  ['postgres', () => orm.close()],
  // The spans still buffered are exported before the process exits.
  ['tracing', stopTracing],
], config.SHUTDOWN_TIMEOUT_MS)
await worker.http.listen({ port: config.PORT, host: config.HOST })
