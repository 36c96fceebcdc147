import type { GatewayConfig } from '@gwm/config'
import { pingPostgres } from '@gwm/domain'
import { pingRedis } from '@gwm/queue'
import { errorsPlugin, healthPlugin, httpMetricsPlugin, metricsPlugin } from '@gwm/runtime'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyServerOptions } from 'fastify'
import { frameworkErrors, MAX_PARAM_LENGTH } from './lib/http/framework-errors.ts'
import { gatewayLoggerOptions } from './lib/http/logger-options.ts'
import { schemaErrorFormatter } from './lib/http/schema-errors.ts'
import type { GatewayDeps, GatewayOptions } from './options.ts'
import appPlugins from './plugins/app/index.ts'
import externalPlugins from './plugins/external/index.ts'
import routes from './routes/index.ts'

/**
 * The gateway as a plugin tree: third-party plugins (one per file), then our decorators,
 * then the routes, which take everything they use from those decorators. Only main.ts
 * listens; tests drive this with app.inject.
 */
export async function buildApp(config: GatewayConfig, deps: GatewayDeps, opts: FastifyServerOptions = {}) {
  const app = Fastify({
    logger: gatewayLoggerOptions(config.LOG_LEVEL, config.LOG_FORMAT),
    // An unknown body field is a 400 naming it, not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
    schemaErrorFormatter,
    // A too-long path parameter reaches the route's schema (400 naming it), not the router's 414.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // What the router refuses by itself (bad percent-encoding, absurd lengths) is {error, message} too.
    frameworkErrors,
    // The nearest TRUST_PROXY_HOPS proxies may say who the client is (X-Forwarded-For).
    trustProxy: (_address: string, hop: number) => hop < config.TRUST_PROXY_HOPS,
    ...opts,
  }).withTypeProvider<TypeBoxTypeProvider>()
  const options: GatewayOptions = { config, ...deps }
  await app.register(errorsPlugin)
  await app.register(externalPlugins, options)
  await app.register(metricsPlugin, { service: 'gateway' })
  await app.register(httpMetricsPlugin)
  await app.register(healthPlugin, {
    checks: { redis: () => pingRedis(deps.redis), postgres: () => pingPostgres(deps.orm) },
  })
  await app.register(appPlugins, options)
  await app.register(routes)
  return app
}

export type GatewayApp = Awaited<ReturnType<typeof buildApp>>
