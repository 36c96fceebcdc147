import { loadIngestConfig } from '@gwm/config'
import { loadConfigOrExit, onShutdown } from '@gwm/runtime'
import { buildApp } from './app.ts'
import { connectRedis } from './lib/redis.ts'

const config = loadConfigOrExit(loadIngestConfig)
const redis = connectRedis(config.REDIS_URL)
const app = await buildApp(config, { redis })

onShutdown(app.log, [
  ['http', () => app.close()],
  ['redis', () => redis.quit()],
])
await app.listen({ port: config.PORT, host: config.HOST })
