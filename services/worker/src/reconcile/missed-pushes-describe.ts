import { compareHeads, type GitHubClient, type PushedCommit, pushedCommit, type RepoRef } from '@gwm/github'
import type { MissedPush } from './missed-pushes-payload.ts'

const ZERO_SHA = /^0+$/
/** As many commits as a push payload lists; each costs one request for its files. */
const LISTED_COMMITS = 20

/**
 * The commits a missed push brought, as GitHub's REST API tells them now: the comparison of the
 * head we last knew with the branch's head, and each listed commit with its files (what the
 * paths filter reads). A head that does not descend from what we knew is a forced push.
 */
export async function describeMissedPush(github: GitHubClient, ref: RepoRef, before: string, head: PushedCommit): Promise<Pick<MissedPush, 'commits' | 'forced'>> {
  if (ZERO_SHA.test(before)) return { commits: [head], forced: false }
  const comparison = await compareHeads(github, ref, before, head.sha)
  if (!comparison) return { commits: [head], forced: true }
  const commits: PushedCommit[] = []
  for (const sha of comparison.shas.slice(0, LISTED_COMMITS)) commits.push(sha === head.sha ? head : await pushedCommit(github, ref, sha))
  return { commits: commits.length > 0 ? commits : [head], forced: comparison.status === 'diverged' || comparison.status === 'behind' }
}
