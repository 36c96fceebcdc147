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

export async function applySessionSettings(client: PoolClient): Promise<void> {
  if (refused) return
  try {
    await client.query(SETTINGS)
  } catch (error) {
    // A lost connection is the caller's to report; only a refused setting is remembered.
    if (!REFUSED.has((error as { code?: string }).code ?? '')) throw error
    refused = true
  }
}
