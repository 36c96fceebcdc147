import { branchEnvironment, PRODUCTION } from './environments.ts'
import { BRANCH_PREFIX, obj, str, ZERO_SHA } from './payload.ts'
import type { DerivedRequest, Rule } from './types.ts'

/**
 * push: to the default branch -> production deploy of `after`; a push that deletes a branch
 * -> teardown of that branch's preview; anything else (other branches, tags) -> nothing.
 */
export const pushRule: Rule = (payload) => {
  const ref = str(payload.ref)
  if (!ref?.startsWith(BRANCH_PREFIX)) return []
  const branch = ref.slice(BRANCH_PREFIX.length)
  const after = str(payload.after)
  if (payload.deleted === true || after === ZERO_SHA) {
    return [{ kind: 'teardown', ref, sha: null, environment: branchEnvironment(branch) }]
  }
  const defaultBranch = str(obj(payload.repository)?.default_branch)
  if (!after || branch !== defaultBranch) return []
  const request: DerivedRequest = { kind: 'production', ref, sha: after, environment: PRODUCTION }
  return [request]
}
