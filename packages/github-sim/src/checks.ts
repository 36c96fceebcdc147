import { createHash } from 'node:crypto'
import type { CheckApp, CheckConclusion, CheckRun, CheckSuite, Repo } from './model.ts'
import type { Urls } from './shapes/account.ts'
import { pullRequestMinimal } from './shapes/checks.ts'
import type { Store } from './store.ts'

/** The conclusions a check run or suite may end with (what a CI App reports). */
export const CHECK_CONCLUSIONS: readonly CheckConclusion[] = ['success', 'failure', 'neutral', 'cancelled', 'timed_out', 'action_required', 'skipped']

/** Worst first: a suite ends with the first of these that one of its runs ended with. */
const SEVERITY: readonly CheckConclusion[] = ['action_required', 'cancelled', 'timed_out', 'failure', 'neutral', 'success', 'skipped']

/** Ids of the Apps known only by their slug follow from it, so they stay the same across restarts. */
const SLUG_APP_BASE = 20_000_000
const SLUG_APP_OWNER_BASE = 30_000_000

/**
 * The App of a check suite: the simulator's GitHub App with that slug, else a CI App known only by
 * its slug (owned by an organization of the same name, checks: write), as e.g. "ci" or "github-actions".
 */
export function checkApp(store: Store, slug: string): CheckApp {
  const registered = store.appBySlug(slug)
  if (registered) {
    const { id, name, description, clientId, permissions, events, createdAt, updatedAt } = registered
    return { id, slug, name, description, clientId, owner: store.requireAccount(registered.owner), permissions: { ...permissions }, events: [...events], createdAt, updatedAt }
  }
  const hash = createHash('sha1').update(`check-app:${slug}`).digest('hex')
  const offset = Number.parseInt(hash.slice(0, 8), 16) % 10_000_000
  const createdAt = '2024-01-01T00:00:00Z'
  return {
    id: SLUG_APP_BASE + offset,
    slug,
    name: slug,
    description: null,
    clientId: `Iv1.${hash.slice(8, 24)}`,
    owner: { id: SLUG_APP_OWNER_BASE + offset, login: slug, name: null, email: null, type: 'Organization', createdAt, members: new Map() },
    permissions: { metadata: 'read', checks: 'write', contents: 'read' },
    events: [],
    createdAt,
    updatedAt: createdAt,
  }
}

/**
 * The open pull requests a suite (or run) is about, as GitHub lists them: those of the repository
 * whose head is the suite's branch and commit. A fork's pull requests never match (GitHub: the
 * suite's `head_branch` is then null and `pull_requests` empty).
 */
export function matchingPulls(urls: Urls, repo: Repo, suite: CheckSuite): Record<string, unknown>[] {
  return [...repo.pulls.values()]
    .filter((pr) => pr.state === 'open' && pr.head.repoId === repo.id && pr.head.ref === suite.headBranch && pr.head.sha === suite.headSha)
    .map((pr) => pullRequestMinimal(urls, repo, pr, repo))
}

/** A suite's conclusion once all its runs are done: the worst of theirs. */
export function suiteConclusion(runs: CheckRun[]): CheckConclusion {
  for (const conclusion of SEVERITY) if (runs.some((run) => run.conclusion === conclusion)) return conclusion
  return 'success'
}
