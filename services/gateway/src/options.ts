import type { GatewayConfig } from '@gwm/config'
import type { MikroORM } from '@gwm/domain'
import type { Redis } from 'ioredis'

/** What the gateway is built on besides its configuration; main.ts (or a test) owns them. */
export interface GatewayDeps {
  orm: MikroORM
  /** Producer connection (fail fast): queues, the ingest's secret registry, rate limits. */
  redis: Redis
}

/** What buildApp hands to the plugins that make the decorators: the configuration and the deps. */
export interface GatewayOptions extends GatewayDeps {
  config: GatewayConfig
}
