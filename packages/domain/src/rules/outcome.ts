import type { DeployRulesConfig } from './schema.ts'
import type { Decision, DerivedRequest } from './types.ts'

/** A decision that asks for nothing, and why: "skipped: <why>". */
export const skipped = (why: string): Decision => ({ requests: [], decision: `skipped: ${why}` })

/** A decision for one request: its reason is the decision; a deploy is held for checks when the gate is on. */
export function decided(request: DerivedRequest, reason: string, rules: DeployRulesConfig, note = ''): Decision {
  const decision: Decision = { requests: [{ ...request, reason }], decision: `${reason}${note}` }
  const { gate, names, timeoutMinutes } = rules.checks
  if (request.kind !== 'teardown' && gate !== 'off') {
    decision.waitForChecks = { names: gate === 'all' ? 'all' : [...names], timeoutMinutes }
  }
  return decision
}
