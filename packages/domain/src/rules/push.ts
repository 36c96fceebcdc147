import { branchEnvironment, PRODUCTION } from './environments.ts'
import { branchMatcher, matcher } from './globs.ts'
import { decided, skipped } from './outcome.ts'
import { pathsVerdict } from './changed-files.ts'
import { BRANCH_PREFIX, obj, str, TAG_PREFIX, ZERO_SHA } from './payload.ts'
import type { DeployRulesConfig } from './schema.ts'
import type { DecideContext, Decision, DerivedRequest, Rule } from './types.ts'

/** The teardown of a deleted branch's preview environment (push with deleted: true, or a delete event). */
export function branchTeardown(branch: string, rules: DeployRulesConfig): Decision {
  const request: DerivedRequest = { kind: 'teardown', ref: `${BRANCH_PREFIX}${branch}`, sha: null, environment: branchEnvironment(branch) }
  return decided(request, `teardown: branch ${branch} deleted`, rules)
}

/** What a push to this branch deploys, if anything: production first, then a branch preview. */
export function pushTarget(branch: string, rules: DeployRulesConfig, context: DecideContext): { kind: 'production' | 'preview'; environment: string } | null {
  const production = rules.production.branches
  if (production ? branchMatcher(production)(branch) : branch === context.defaultBranch) return { kind: 'production', environment: PRODUCTION }
  if (matcher(rules.previews.branches, 'branch')(branch)) return { kind: 'preview', environment: branchEnvironment(branch) }
  return null
}

/** The first skip marker the head commit's message holds (ignoring case), if any. */
function skipMarker(payload: Record<string, unknown>, markers: readonly string[]): string | undefined {
  const message = str(obj(payload.head_commit)?.message)?.toLowerCase()
  return message ? markers.find((marker) => message.includes(marker.toLowerCase())) : undefined
}

/**
 * push: to a production branch (default: the default branch) -> production deploy of `after`;
 * to a branch matching previews.branches -> preview in branch-<slug>; a deleted branch ->
 * teardown of its branch-<slug> (whether or not it had a preview: the rules may have changed
 * since, and tearing down nothing is harmless); tags -> nothing (releases deploy them). A deploy
 * is skipped when the head commit carries a skip marker, or when the paths filter counts no
 * changed file.
 */
export const pushRule: Rule = (payload, rules, context) => {
  const ref = str(payload.ref)
  if (!ref) return skipped('incomplete payload')
  if (!ref.startsWith(BRANCH_PREFIX)) return skipped(ref.startsWith(TAG_PREFIX) ? 'tag push' : `push to ${ref}`)
  const branch = ref.slice(BRANCH_PREFIX.length)
  const after = str(payload.after)
  if (payload.deleted === true || after === ZERO_SHA) return branchTeardown(branch, rules)
  if (!after) return skipped('incomplete payload')
  const to = pushTarget(branch, rules, context)
  if (!to) return skipped(rules.previews.branches.length > 0 ? 'not a production or preview branch' : 'not the production branch')
  const marker = skipMarker(payload, rules.skipMarkers)
  if (marker) return skipped(`marker ${marker}`)
  const paths = pathsVerdict(payload, rules, context)
  if (paths.verdict === 'skip') return skipped('paths')
  if (paths.verdict === 'ask') return { requests: [], decision: 'undecided: changed files needed', needsChangedFiles: true }
  const note = paths.verdict === 'unknown' ? ' (paths not checked: changed files unknown)' : ''
  return decided({ kind: to.kind, ref, sha: after, environment: to.environment }, `${to.kind}: push to ${branch}`, rules, note)
}
