import type { DeployRulesConfig } from '../rules/schema.ts'

/** Repositories whose parsed rules are kept; past it the least recently used are dropped. */
const KEPT = 10_000

/**
 * Each repository's rules as last read, with their version. Every batch still asks Postgres
 * which version is in force (current-rules.ts) and reads a rule's body again only when that
 * version changed: a change committed before a push is read applies to that push, however
 * late a notification about it would have arrived.
 */
export interface RulesCache {
  get(repositoryId: string): { version: number; rules: DeployRulesConfig } | undefined
  set(repositoryId: string, version: number, rules: DeployRulesConfig): void
}

export function createRulesCache(kept = KEPT): RulesCache {
  const rules = new Map<string, { version: number; rules: DeployRulesConfig }>()
  return {
    get(repositoryId) {
      const known = rules.get(repositoryId)
      if (known) {
        rules.delete(repositoryId)
        rules.set(repositoryId, known)
      }
      return known
    },
    set(repositoryId, version, value) {
      rules.delete(repositoryId)
      rules.set(repositoryId, { version, rules: value })
      if (rules.size > kept) rules.delete(rules.keys().next().value!)
    },
  }
}
