// Types of lock.mjs, for the TypeScript that imports it (its tests).
export function withLock<T>(
  lock: string,
  fn: () => T,
  options?: { what?: string; log?: (message: string) => void; pollMs?: number; maxAgeMs?: number },
): T
