import { deleteRule } from './delete.ts'
import { skipped } from './outcome.ts'
import { obj, str } from './payload.ts'
import { pullRequestRule } from './pull-request.ts'
import { pushRule } from './push.ts'
import { releaseRule } from './release.ts'
import { DEFAULT_DEPLOY_RULES, type DeployRulesConfig } from './schema.ts'
import type { DecideContext, Decision, DerivedRequest, Rule } from './types.ts'

/** The rules by GitHub event name. Events not listed are stored, not forwarded. */
const RULES: Readonly<Record<string, Rule>> = Object.freeze({
  push: pushRule,
  pull_request: pullRequestRule,
  release: releaseRule,
  delete: deleteRule,
})

/**
 * What one event asks for under a repository's rules (defaults applied): at most one request,
 * each with its reason, and the decision to record on the event. Pure: the same inputs always
 * give the same decision, so a replay derives nothing new.
 */
export function decide(event: string, payload: Record<string, unknown>, rules: DeployRulesConfig, context: DecideContext): Decision {
  const rule = Object.hasOwn(RULES, event) ? RULES[event] : undefined
  if (!rule) return skipped(`no rule for ${event}`)
  if (!obj(payload.repository)) return skipped('no repository')
  return rule(payload, rules, context)
}

/**
 * The deployment requests one event asks for under the given rules (the defaults when absent),
 * the default branch read from the payload. The changed files are not looked up: when the
 * payload may not list them all, the paths filter does not apply. At most one per (kind, environment).
 */
export function deriveRequests(event: string, payload: Record<string, unknown>, rules: DeployRulesConfig = DEFAULT_DEPLOY_RULES): DerivedRequest[] {
  const context: DecideContext = { defaultBranch: str(obj(payload.repository)?.default_branch) ?? '' }
  let decision = decide(event, payload, rules, context)
  if (decision.needsChangedFiles) decision = decide(event, payload, rules, { ...context, changedFiles: null })
  const seen = new Set<string>()
  const requests: DerivedRequest[] = []
  for (const { reason: _reason, ...request } of decision.requests) {
    const key = `${request.kind}\u0000${request.environment}`
    if (seen.has(key)) continue
    seen.add(key)
    requests.push(request)
  }
  return requests
}
