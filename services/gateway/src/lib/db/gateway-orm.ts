import type { GatewayConfig } from '@gwm/config'
import { createOrm, type MikroORM } from '@gwm/domain'

/** The gateway's Postgres pool: every statement it runs is cancelled after STATEMENT_TIMEOUT_MS. */
export function createGatewayOrm(config: GatewayConfig): Promise<MikroORM> {
  return createOrm({ databaseUrl: config.DATABASE_URL, statementTimeoutMs: config.STATEMENT_TIMEOUT_MS })
}
