import { loadIngestConfig } from '@gwm/config'
import { loadConfigOrExit, onShutdown } from '@gwm/runtime'
import { buildApp } from './app.ts'
import { connectRedis } from './lib/redis.ts'

const config = loadConfigOrExit(loadIngestConfig)
const redis = connectRedis(config.REDIS_URL)
const app = await buildApp(config, { redis })

onShutdown(app.log, [
  ['http', () => app.close()],
  // quit() lets in-flight replies arrive; a connection that is not up can only be dropped.
  ['redis', () => (redis.status === 'ready' ? redis.quit() : redis.disconnect())],
])
await app.listen({ port: config.PORT, host: config.HOST })
