import { loadIngestConfig } from '@gwm/config'
import { loadConfigOrExit, metricsServer, onShutdown, stopTracing } from '@gwm/runtime'
import { buildApp } from './app.ts'
import { connectRedis } from './lib/redis.ts'

const config = loadConfigOrExit(loadIngestConfig)
const redis = connectRedis(config.REDIS_URL)
const app = await buildApp(config, { redis })
// With METRICS_PORT (required in production), /metrics is served there and not on PORT.
const metrics = config.METRICS_PORT === undefined ? null : metricsServer(app.metrics)

onShutdown(app.log, [
  ['http', () => app.close()],
  ['metrics', async () => {
    await metrics?.close()
  }],
  // quit() lets in-flight replies arrive; a connection that is not up can only be dropped.
  ['redis', () => (redis.status === 'ready' ? redis.quit() : redis.disconnect())],
  // The spans still buffered are exported before the process exits.
  ['tracing', stopTracing],
])
if (metrics) await metrics.listen({ port: config.METRICS_PORT, host: config.HOST })
await app.listen({ port: config.PORT, host: config.HOST })
