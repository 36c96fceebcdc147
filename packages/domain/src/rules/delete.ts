import { branchEnvironment } from './environments.ts'
import { BRANCH_PREFIX, str } from './payload.ts'
import type { Rule } from './types.ts'

/** delete of a branch -> teardown of that branch's preview; a deleted tag -> nothing. */
export const deleteRule: Rule = (payload) => {
  const branch = str(payload.ref)
  if (payload.ref_type !== 'branch' || !branch) return []
  return [{ kind: 'teardown', ref: `${BRANCH_PREFIX}${branch}`, sha: null, environment: branchEnvironment(branch) }]
}
