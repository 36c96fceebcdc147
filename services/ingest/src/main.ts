import { loadIngestConfig } from '@gwm/config'
import { createRedis } from '@gwm/queue'
import { loadConfigOrExit, onShutdown } from '@gwm/runtime'
import { buildApp } from './app.ts'

const config = loadConfigOrExit(loadIngestConfig)
const redis = createRedis(config.REDIS_URL, 'producer', 'ingest')
const app = await buildApp(config, { redis })

onShutdown(app.log, [
  ['http', () => app.close()],
  ['redis', () => redis.quit()],
])
await app.listen({ port: config.PORT, host: config.HOST })
