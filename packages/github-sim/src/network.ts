import type { Repo } from './model.ts'
import type { Store } from './store.ts'

/**
 * A repository's network: the repository it was first forked from (its `source`) and every fork
 * of it, forks of forks included. Pull requests and comparisons may name a branch of any
 * repository of the network as `owner:branch`.
 */

/** The repository a fork was made from, or null. */
export const parentOf = (store: Store, repo: Repo): Repo | null => (repo.parentId === null ? null : (store.repoById(repo.parentId) ?? null))

/** The root of the repository's network (itself when it is no fork). */
export function sourceOf(store: Store, repo: Repo): Repo {
  let current = repo
  for (let parent = parentOf(store, current); parent; parent = parentOf(store, current)) current = parent
  return current
}

/** The repository of `repo`'s network owned by `owner` (the repository itself when it is its owner's), if any. */
export function networkRepoOf(store: Store, repo: Repo, owner: string): Repo | undefined {
  if (repo.owner.toLowerCase() === owner.toLowerCase()) return repo
  const root = sourceOf(store, repo)
  return [...store.repos.values()].find((candidate) => candidate.owner.toLowerCase() === owner.toLowerCase() && sourceOf(store, candidate) === root)
}

/**
 * Makes the commits reachable from `head` in `from` known to `to` as well, as GitHub keeps a pull
 * request's head commits in the base repository (refs/pull/N/head).
 */
export function shareCommits(from: Repo, to: Repo, head: string): void {
  if (from === to) return
  for (let sha: string | undefined = head; sha && !to.commits.has(sha); ) {
    const commit = from.commits.get(sha)
    if (!commit) return
    to.commits.set(sha, commit)
    sha = commit.parents[0]
  }
}
