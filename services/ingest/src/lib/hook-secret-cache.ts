/**
 * Hook secrets by hook id, kept in process for ttlMs so a delivery costs no Redis read for
 * its secret. A load in progress is shared by every delivery that needs it; failed loads are
 * not kept. `fresh` reloads an entry older than refreshAfterMs (a secret rotated or published
 * since it was cached) without letting a flood of bad signatures turn into a flood of reads.
 */
export type LoadSecrets = (hookId: string) => Promise<string[]>

export interface HookSecretCache {
  get(hookId: string, opts?: { fresh?: boolean }): Promise<string[]>
}

interface Entry {
  secrets: Promise<string[]>
  loadedAt: number
}

export function createHookSecretCache(
  load: LoadSecrets,
  { ttlMs, refreshAfterMs = 1_000, maxEntries = 10_000, now = Date.now }: { ttlMs: number; refreshAfterMs?: number; maxEntries?: number; now?: () => number },
): HookSecretCache {
  const entries = new Map<string, Entry>()

  const reload = (hookId: string) => {
    const entry: Entry = { secrets: load(hookId), loadedAt: now() }
    if (ttlMs === 0) return entry.secrets
    entries.delete(hookId)
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
    entries.set(hookId, entry)
    entry.secrets.catch(() => {
      if (entries.get(hookId) === entry) entries.delete(hookId)
    })
    return entry.secrets
  }

  return {
    get(hookId, { fresh = false } = {}) {
      const entry = entries.get(hookId)
      if (!entry) return reload(hookId)
      const age = now() - entry.loadedAt
      if (age >= ttlMs || (fresh && age >= refreshAfterMs)) return reload(hookId)
      return entry.secrets
    },
  }
}
