import { loadWorkerConfig } from '@gwm/config'
import { createOrm } from '@gwm/domain'
import { createRedis } from '@gwm/queue'
import { loadConfigOrExit, onShutdown } from '@gwm/runtime'
import { buildWorker } from './app.ts'

const config = loadConfigOrExit(loadWorkerConfig)
const orm = await createOrm({ databaseUrl: config.DATABASE_URL })
const redis = createRedis(config.REDIS_URL, 'worker', 'worker')
const worker = await buildWorker(config, { orm, redis })

onShutdown(worker.http.log, [
  ['worker', () => worker.close()],
  ['redis', () => redis.quit()],
  ['postgres', () => orm.close()],
], 30_000)
await worker.http.listen({ port: config.PORT, host: config.HOST })
