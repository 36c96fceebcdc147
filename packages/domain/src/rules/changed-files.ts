import { matcher } from './globs.ts'
import { obj, type Payload, ZERO_SHA } from './payload.ts'
import type { DeployRulesConfig } from './schema.ts'
import type { DecideContext } from './types.ts'

/**
 * How many commits a push payload may list before it may be cut short: GitHub documents a cap
 * of 20 (for its timeline events; deliveries have been seen capped too), so a push listing
 * that many may have changed more files than it shows.
 */
const LISTED_COMMITS_CAP = 20

/** The paths filter's verdict on a push. */
export type PathsVerdict =
  | { verdict: 'deploy' }
  | { verdict: 'skip' }
  | { verdict: 'unknown' }
  | { verdict: 'ask' }

/**
 * Whether a push changed a file the paths filter counts. The files come from the context when
 * given, else from the payload's commits (added, modified, removed). A push whose list may be
 * incomplete (a capped list, a forced push whose old commits are gone from it, no list) asks for
 * the compare API; a new branch, or a context saying null, leaves it unknown.
 */
export function pathsVerdict(payload: Payload, rules: DeployRulesConfig, context: DecideContext): PathsVerdict {
  const { include, exclude } = rules.paths
  if (include.length === 0 && exclude.length === 0) return { verdict: 'deploy' }
  let files: readonly string[]
  if (context.changedFiles === null) return { verdict: 'unknown' }
  if (context.changedFiles !== undefined) {
    files = context.changedFiles
  } else {
    // A new branch has nothing to compare with: whatever it holds is new to it.
    if (payload.created === true || payload.before === ZERO_SHA) return { verdict: 'unknown' }
    const commits = payload.commits
    if (!Array.isArray(commits) || commits.length >= LISTED_COMMITS_CAP || payload.forced === true) return { verdict: 'ask' }
    files = filesOf(commits)
  }
  const included = matcher(include, 'path')
  const excluded = matcher(exclude, 'path')
  const counts = (file: string) => (include.length === 0 || included(file)) && !excluded(file)
  return files.some(counts) ? { verdict: 'deploy' } : { verdict: 'skip' }
}

/** Every path the commits added, modified or removed, once each. */
function filesOf(commits: unknown[]): string[] {
  const files = new Set<string>()
  for (const commit of commits) {
    const c = obj(commit)
    for (const list of [c?.added, c?.modified, c?.removed]) {
      if (!Array.isArray(list)) continue
      for (const file of list) if (typeof file === 'string' && file !== '') files.add(file)
    }
  }
  return [...files]
}
