import { loadGatewayConfig } from '@gwm/config'
import { createRedis } from '@gwm/queue'
import { loadConfigOrExit, onShutdown, stopTracing } from '@gwm/runtime'
import { buildApp } from './app.ts'
import { createGatewayOrm } from './lib/db/gateway-orm.ts'

const config = loadConfigOrExit(loadGatewayConfig)
const orm = await createGatewayOrm(config)
const redis = createRedis(config.REDIS_URL, 'producer', 'gateway')
const app = await buildApp(config, { orm, redis })

onShutdown(app.log, [
  ['http', () => app.close()],
  ['redis', () => redis.quit()],
  ['postgres', () => orm.close()],
  // The spans still buffered are exported before the process exits.
  ['tracing', stopTracing],
])
await app.listen({ port: config.PORT, host: config.HOST })
