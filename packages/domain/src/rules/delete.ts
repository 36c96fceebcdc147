import { skipped } from './outcome.ts'
import { str } from './payload.ts'
import { branchTeardown } from './push.ts'
import type { Rule } from './types.ts'

/** delete of a branch -> teardown of that branch's preview, as a push deleting it does (the worker de-duplicates the two); a deleted tag -> nothing. */
export const deleteRule: Rule = (payload, rules) => {
  const name = str(payload.ref)
  if (payload.ref_type === 'tag') return skipped('tag deleted')
  if (payload.ref_type !== 'branch' || !name) return skipped('incomplete payload')
  return branchTeardown(name, rules)
}
