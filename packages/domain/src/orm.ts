import { Migrator } from '@mikro-orm/migrations'
import { defineConfig, MikroORM, type Options } from '@mikro-orm/postgresql'
import { ENTITIES } from './entities/index.ts'
import { MIGRATIONS } from './migrations/index.ts'

/** The tables partitioned by received_at, parents first (the order their keys reference each other in). */
export const PARTITIONED_TABLES = ['webhook_events', 'deployment_requests', 'callback_attempts', 'deployment_statuses']

export interface OrmOptions {
  databaseUrl: string
  /** Connection pool size; the worker sizes it to its concurrency. */
  poolMax?: number
  /** Postgres cancels a statement that runs longer than this (every connection of the pool); unset or 0: no limit. */
  statementTimeoutMs?: number
  /**
   * Each connection is closed and replaced after this long (unset or 0: kept). The worker's
   * prepared statements keep one generic plan per connection, made with the table statistics of
   * that moment: a plan made while the day's partition was nearly empty (read it whole) would be
   * kept while it fills, each run slower than the last.
   */
  connectionLifetimeSeconds?: number
  debug?: boolean
}

export function ormConfig({ databaseUrl, poolMax = 10, statementTimeoutMs, connectionLifetimeSeconds, debug = false }: OrmOptions): Options {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      path: new URL('./migrations', import.meta.url).pathname,
      snapshot: true,
      snapshotName: '.snapshot',
      transactional: true,
      allOrNothing: true,
    },
    // Partitioned by receipt time (Migration20261207010000): their keys include received_at, which
    // the entities, keyed by id alone, do not say. The schema diff leaves them out rather than
    // undo those keys; their migrations are written by hand. So are open_requests', which triggers
    // on deployment_requests keep (Migration20261207080000).
    schemaGenerator: { skipTables: [...PARTITIONED_TABLES, 'open_requests'] },
    pool: { min: 0, max: poolMax },
    driverOptions: {
      // Sent by pg when each connection starts: the session's own default, which a RESET keeps.
      ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
      ...(connectionLifetimeSeconds ? { maxLifetimeSeconds: connectionLifetimeSeconds } : {}),
    },
    debug,
    // Entities are defined with defineEntity: no decorators, no reflection, no discovery cache.
    metadataCache: { enabled: false },
  })
}

export function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options))
}

/** Applies every pending migration; safe to run from several processes (one transaction). */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.migrator.up()
  return applied.map((migration) => migration.name)
}

/** SELECT 1 with a deadline: what /readyz uses. */
export async function pingPostgres(orm: MikroORM, timeoutMs = 1_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      orm.em.getConnection().execute('select 1'),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
      }),
    ])
    return true
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}
