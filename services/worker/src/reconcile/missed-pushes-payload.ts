import { randomUUID } from 'node:crypto'
import { type Delivery, repositoryFields } from '@gwm/domain'
import type { PushedCommit } from '@gwm/github'

const ZERO_SHA = '0000000000000000000000000000000000000000'
/** A push payload lists at most this many commits (as the rules read it: more may be cut short). */
const LISTED_COMMITS = 20

export interface MissedPush {
  /** Our repository row's id: the delivery id names it, so the same push is made once. */
  repositoryId: string
  /** The repository as GET /repos/{o}/{r} shows it (the payload's `repository`). */
  repository: Record<string, unknown>
  installationId: number
  ref: string
  /** The head we last knew (ZERO_SHA: the branch was new to us). */
  before: string
  head: PushedCommit
  /** The commits between before and head, oldest first, each with its files; the head last. */
  commits: PushedCommit[]
  /** The head does not descend from before (or GitHub no longer knows before). */
  forced: boolean
}

/** The delivery id of the push made for a head: one per repository and commit, whoever makes it. */
const reconciledDeliveryId = (repositoryId: string, sha: string) => `reconciled-${repositoryId}-${sha}`

const gitUser = (who: PushedCommit['author']) => ({ name: who.name, email: who.email, ...(who.login ? { username: who.login } : {}) })

/** A commit as push payloads list it. */
const commitEntry = (commit: PushedCommit) => ({
  id: commit.sha,
  tree_id: commit.treeSha,
  distinct: true,
  message: commit.message,
  timestamp: commit.committer.date,
  url: commit.htmlUrl,
  author: gitUser(commit.author),
  committer: gitUser(commit.committer),
  added: commit.added,
  removed: commit.removed,
  modified: commit.modified,
})

/** The payload GitHub would have sent for the push, from what its REST API tells now. */
function missedPushPayload(push: MissedPush): Record<string, unknown> {
  const created = push.before === ZERO_SHA
  const htmlUrl = typeof push.repository.html_url === 'string' ? push.repository.html_url : ''
  return {
    ref: push.ref,
    before: push.before,
    after: push.head.sha,
    repository: push.repository,
    pusher: { name: push.head.committer.name, email: push.head.committer.email },
    ...(push.head.committer.login ? { sender: { login: push.head.committer.login } } : {}),
    installation: { id: push.installationId },
    created,
    deleted: false,
    forced: push.forced,
    base_ref: null,
    compare: created ? `${htmlUrl}/commit/${push.head.sha}` : `${htmlUrl}/compare/${push.before.slice(0, 12)}...${push.head.sha.slice(0, 12)}`,
    commits: push.commits.slice(0, LISTED_COMMITS).map(commitEntry),
    head_commit: commitEntry(push.head),
  }
}

/** The push as a delivery for the store, marked as made here (source `reconciled`). */
export function missedPushDelivery(push: MissedPush, receivedAt: Date): Delivery {
  const payload = missedPushPayload(push)
  return {
    eventId: randomUUID(),
    deliveryId: reconciledDeliveryId(push.repositoryId, push.head.sha),
    hookId: 0,
    event: 'push',
    action: null,
    sender: push.head.committer.login,
    receivedAt,
    payload,
    payloadBytes: Buffer.from(JSON.stringify(payload)),
    repository: repositoryFields(push.repository),
    installationId: push.installationId,
    source: 'reconciled',
  }
}
