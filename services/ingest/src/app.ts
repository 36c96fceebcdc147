import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { IngestConfig } from '@gwm/config'
import { pingRedis } from '@gwm/queue'
import { errorsPlugin, healthPlugin, loggerOptions, metricsPlugin } from '@gwm/runtime'
import Fastify, { type FastifyServerOptions, LogController } from 'fastify'
import type { Redis } from 'ioredis'
import drain from './plugins/app/drain.ts'
import inFlightLimit from './plugins/app/in-flight-limit.ts'
import inbox from './plugins/app/inbox.ts'
import installations from './plugins/app/installations.ts'
import ingestMetrics from './plugins/app/ingest-metrics.ts'
import secretSources from './plugins/app/secret-sources.ts'
import { DELIVERY_ID } from './lib/read-headers.ts'
import webhookRoutes from './routes/webhook.ts'

export interface IngestDeps {
  /** Producer connection (fail fast): enqueueing and the secret registry. */
  redis: Redis
}

/** The delivery GUID is the correlation id of every log line about a delivery. */
function requestId(req: IncomingMessage): string {
  const id = req.headers['x-github-delivery']
  return typeof id === 'string' && DELIVERY_ID.test(id) ? id : randomUUID()
}

export async function buildApp(config: IngestConfig, deps: IngestDeps, opts: FastifyServerOptions = {}) {
  const app = Fastify({
    logger: loggerOptions('ingest', config.LOG_LEVEL, config.LOG_FORMAT),
    // One line per delivery (routes/webhook-record.ts) instead of two per request.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestId,
    // A body still arriving REQUEST_TIMEOUT_MS after its request began is cut (408): a slow upload
    // cannot hold memory for long. Given to Node's server at construction too, which shortens its
    // headers timeout to match (a longer one keeps the request timeout from firing); checked
    // every second instead of every 30 s.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: { requestTimeout: config.REQUEST_TIMEOUT_MS, connectionsCheckingInterval: 1_000 },
    ...opts,
  })
  await app.register(errorsPlugin)
  await app.register(drain)
  // With METRICS_PORT, /metrics is served there (main.ts), never on the port GitHub delivers to.
  await app.register(metricsPlugin, { service: 'ingest', route: config.METRICS_PORT === undefined })
  await app.register(healthPlugin, { checks: { redis: () => pingRedis(deps.redis) }, isDraining: app.isDraining })
  await app.register(ingestMetrics)
  await app.register(secretSources, { config, redis: deps.redis })
  await app.register(inbox, { config, redis: deps.redis })
  await app.register(installations, { config, redis: deps.redis })
  await app.register(inFlightLimit, { limit: config.MAX_REQUESTS_IN_FLIGHT })
  await app.register(webhookRoutes, { config })
  return app
}
