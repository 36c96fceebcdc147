import type { PoolClient } from 'pg'

/**
 * Payloads above ~2 kB are compressed as they are stored; Postgres' default (pglz) is about a
 * tenth of the server's CPU per event, lz4 a fraction of that. Values already stored stay
 * readable either way. A server without lz4 (built without it, or before Postgres 14) refuses
 * the setting once and keeps its default.
 */
const SETTINGS = "set default_toast_compression = 'lz4'"

/** invalid_parameter_value (no lz4 in this build), undefined_object (no such setting before 14). */
const REFUSED = new Set(['22023', '42704'])
let refused = false

/**
 * Prepared statements keep one generic plan instead of planning every run. Postgres plans a
 * statement over the days' partitions for its values each time as long as the generic plan's
 * estimate (every partition, none pruned while planning) looks dearer, which it always does:
 * planning was over half of the server's time per event (pg_stat_statements, 500/s). The
 * generic plan still looks in the matching partitions only (pruned when it starts).
 */
const PLAN_CACHE = 'set plan_cache_mode = force_generic_plan'

export async function applySessionSettings(client: PoolClient): Promise<void> {
  await client.query(PLAN_CACHE)
  if (refused) return
  try {
    await client.query(SETTINGS)
  } catch (error) {
    // A lost connection is the caller's to report; only a refused setting is remembered.
    if (!REFUSED.has((error as { code?: string }).code ?? '')) throw error
    refused = true
  }
}
