/**
 * What the registry says for a key (a hook's secrets, an installation's coverage), kept in
 * process for ttlMs so a delivery costs no Redis read for it. A load in progress is shared by every delivery that needs it; failed loads are
 * not kept, nor are answers `keep` refuses (nothing registered yet: a hook whose secret the
 * gateway publishes a moment later, as on set-up, is found at its next delivery; an unknown key
 * costs a read per delivery, as a new one does). `fresh` reloads an entry older than
 * refreshAfterMs (a secret rotated since it was cached) without letting a flood of bad
 * signatures turn into a flood of reads.
 */
export interface LoadCache<T> {
  get(key: string, opts?: { fresh?: boolean }): Promise<T>
}

interface Entry<T> {
  secrets: Promise<T>
  loadedAt: number
}

export function createLoadCache<T>(
  load: (key: string) => Promise<T>,
  { ttlMs, refreshAfterMs = 1_000, maxEntries = 10_000, now = Date.now, keep = () => true }: { ttlMs: number; refreshAfterMs?: number; maxEntries?: number; now?: () => number; keep?: (value: T) => boolean },
): LoadCache<T> {
  const entries = new Map<string, Entry<T>>()

  const reload = (hookId: string) => {
    const entry: Entry<T> = { secrets: load(hookId), loadedAt: now() }
    if (ttlMs === 0) return entry.secrets
    entries.delete(hookId)
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
    entries.set(hookId, entry)
    const forget = () => {
      if (entries.get(hookId) === entry) entries.delete(hookId)
    }
    entry.secrets.then((value) => {
      if (!keep(value)) forget()
    }, forget)
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
