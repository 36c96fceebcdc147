import { deleteRule } from './delete.ts'
import { pullRequestRule } from './pull-request.ts'
import { pushRule } from './push.ts'
import { releaseRule } from './release.ts'
import type { DerivedRequest, Rule } from './types.ts'

/** The default rules, by GitHub event name. Events not listed are stored, not forwarded. */
export const DEFAULT_RULES: Readonly<Record<string, Rule>> = Object.freeze({
  push: pushRule,
  pull_request: pullRequestRule,
  release: releaseRule,
  delete: deleteRule,
})

/**
 * The deployment requests one event asks for, at most one per (kind, environment).
 * Pure: the same event always yields the same list, so a replay derives nothing new.
 */
export function deriveRequests(event: string, payload: Record<string, unknown>, rules = DEFAULT_RULES): DerivedRequest[] {
  const rule = Object.hasOwn(rules, event) ? rules[event] : undefined
  if (!rule || !payload.repository) return []
  const seen = new Set<string>()
  return rule(payload).filter((request) => {
    const key = `${request.kind}\u0000${request.environment}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
