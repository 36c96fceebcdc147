/** What a callback says of the change, read from GitHub's payload when the request is made. */
export interface RequestDetails {
  commit: { sha: string; message: string | null; author: { name: string | null; login: string | null }; timestamp: string | null; url: string | null } | null
  compareUrl: string | null
  htmlUrl: string | null
  pullRequest: { number: number; title: string | null; headRef: string | null; baseRef: string | null; fromFork: boolean; headRepository: string | null } | null
}

type Payload = Record<string, unknown>
const obj = (value: unknown): Payload | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Payload) : undefined)
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/** The details of a request for this payload's change (sha: the commit the request deploys). */
export function requestDetails(payload: Payload, sha: string | null, pullRequestNumber: number | null): RequestDetails {
  const repository = obj(payload.repository)
  const head = obj(payload.head_commit)
  const author = obj(head?.author)
  const commit = sha
    ? {
        sha,
        message: head && str(head.id) === sha ? str(head.message) : null,
        author: { name: head && str(head.id) === sha ? str(author?.name) : null, login: head && str(head.id) === sha ? str(author?.username) : null },
        timestamp: head && str(head.id) === sha ? str(head.timestamp) : null,
        url: head && str(head.id) === sha ? str(head.url) : repository && str(repository.html_url) ? `${str(repository.html_url)}/commit/${sha}` : null,
      }
    : null
  const pr = obj(payload.pull_request)
  const headRepoField = obj(pr?.head)?.repo
  const headRepo = str(obj(headRepoField)?.full_name)
  const baseRepo = str(obj(obj(pr?.base)?.repo)?.full_name) ?? str(repository?.full_name)
  // As the rules read it: a head repository that is gone (null) or another one is a fork; none given, not.
  const fromFork = headRepoField === null || (headRepo !== null && baseRepo !== null && headRepo.toLowerCase() !== baseRepo.toLowerCase())
  return {
    commit,
    compareUrl: str(payload.compare),
    htmlUrl: str(repository?.html_url),
    pullRequest: pullRequestNumber === null || !pr
      ? null
      : {
          number: pullRequestNumber,
          title: str(pr.title),
          headRef: str(obj(pr.head)?.ref),
          baseRef: str(obj(pr.base)?.ref),
          fromFork,
          headRepository: headRepo,
        },
  }
}
