/**
 * What the registry says for a key (a hook's secrets, an installation's coverage), kept in
 * process for ttlMs so a delivery costs no Redis read for it. A load in progress is shared by
 * every delivery that needs it, apart from the cache: only answers `keep` accepts enter it, so
 * a flood of unknown keys (random hook ids) cannot push a live entry out of it. Failed loads are
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
  value: Promise<T>
  loadedAt: number
}

export function createLoadCache<T>(
  load: (key: string) => Promise<T>,
  { ttlMs, refreshAfterMs = 1_000, maxEntries = 10_000, now = Date.now, keep = () => true }: { ttlMs: number; refreshAfterMs?: number; maxEntries?: number; now?: () => number; keep?: (value: T) => boolean },
): LoadCache<T> {
  const entries = new Map<string, Entry<T>>()
  // Loads in progress, bounded like the cache: past that, a load is not shared.
  const loading = new Map<string, Promise<T>>()

  const reload = (key: string) => {
    const pending = loading.get(key)
    if (pending) return pending
    const loadedAt = now()
    const value = load(key)
    if (ttlMs === 0) return value
    if (loading.size < maxEntries) loading.set(key, value)
    const settle = () => {
      if (loading.get(key) === value) loading.delete(key)
    }
    value.then((answer) => {
      settle()
      if (!keep(answer)) {
        entries.delete(key)
        return
      }
      entries.delete(key)
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
      entries.set(key, { value, loadedAt })
    }, settle)
    return value
  }

  return {
    get(key, { fresh = false } = {}) {
      const entry = entries.get(key)
      if (!entry) return reload(key)
      const age = now() - entry.loadedAt
      if (age >= ttlMs || (fresh && age >= refreshAfterMs)) return reload(key)
      return entry.value
    },
  }
}
