import type { Account, Commit, Hook, Label, PullRequest, Release, Repo } from '../model.ts'
import { nodeId, simpleUser, type Urls } from '../shapes/account.ts'
import { hookShape } from '../shapes/hook.ts'
import { labelShape } from '../shapes/label.ts'
import { webhookRepository } from '../shapes/repo.ts'

/**
 * Webhook payloads shaped like GitHub's (and @octokit/webhooks-examples): the event's own fields,
 * then `repository`, `organization` for org repos, and `sender`.
 */
export interface PayloadContext {
  urls: Urls
  repo: Repo
  owner: Account
  sender: Account
}

const ZEN = ['Keep it logically awesome.', 'Design for failure.', 'Speak like a human.', 'Anything added dilutes everything else.', 'Practicality beats purity.']

/** A repository event's payload: its own fields, then `repository`, `organization` (org repositories) and `sender`. */
export function envelope(ctx: PayloadContext, event: string, fields: Record<string, unknown>): Record<string, unknown> {
  return {
    ...fields,
    repository: webhookRepository(ctx.urls, ctx.repo, ctx.owner, event),
    ...(ctx.owner.type === 'Organization' ? { organization: organization(ctx.urls, ctx.owner) } : {}),
    sender: simpleUser(ctx.urls, ctx.sender),
  }
}

function organization(urls: Urls, org: Account): Record<string, unknown> {
  const api = `${urls.api}/orgs/${org.login}`
  return {
    login: org.login, id: org.id, node_id: nodeId('Organization', org.id), url: api,
    repos_url: `${api}/repos`, events_url: `${api}/events`, hooks_url: `${api}/hooks`, issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`, public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${urls.web}/avatars/u/${org.id}?v=4`, description: null,
  }
}

export function pingPayload(ctx: PayloadContext, hook: Hook): Record<string, unknown> {
  const shape = hookShape(ctx.urls, ctx.repo, hook)
  delete shape.deliveries_url
  return envelope(ctx, 'ping', { zen: ZEN[hook.id % ZEN.length], hook_id: hook.id, hook: shape })
}

function pushCommit(ctx: PayloadContext, commit: Commit): Record<string, unknown> {
  const person = (who: Commit['author']) => ({ name: who.name, email: who.email, ...(who.login ? { username: who.login } : {}) })
  return {
    id: commit.sha,
    tree_id: commit.treeSha,
    distinct: true,
    message: commit.message,
    timestamp: commit.committer.date,
    url: `${ctx.urls.web}/${ctx.repo.owner}/${ctx.repo.name}/commit/${commit.sha}`,
    author: person(commit.author),
    committer: person(commit.committer),
    added: [...commit.added],
    removed: [...commit.removed],
    modified: [...commit.modified],
  }
}

export interface PushFields {
  ref: string
  before: string
  after: string
  commits: Commit[]
  head: Commit | null
  created: boolean
  deleted: boolean
  forced: boolean
  baseRef: string | null
}

export function pushPayload(ctx: PayloadContext, push: PushFields): Record<string, unknown> {
  const short = push.ref.replace(/^refs\/(heads|tags)\//, '')
  const html = `${ctx.urls.web}/${ctx.repo.owner}/${ctx.repo.name}`
  return envelope(ctx, 'push', {
    ref: push.ref,
    before: push.before,
    after: push.after,
    pusher: { name: ctx.sender.login, email: ctx.sender.email },
    created: push.created,
    deleted: push.deleted,
    forced: push.forced,
    base_ref: push.baseRef,
    compare: push.created ? `${html}/compare/${short}` : `${html}/compare/${push.before.slice(0, 12)}...${push.after.slice(0, 12)}`,
    commits: push.commits.map((commit) => pushCommit(ctx, commit)),
    head_commit: push.head ? pushCommit(ctx, push.head) : null,
  })
}

export function refPayload(ctx: PayloadContext, kind: 'create' | 'delete', ref: string, refType: 'branch' | 'tag'): Record<string, unknown> {
  const fields: Record<string, unknown> = { ref, ref_type: refType }
  if (kind === 'create') Object.assign(fields, { master_branch: ctx.repo.defaultBranch, description: ctx.repo.description })
  fields.pusher_type = 'user'
  return envelope(ctx, kind, fields)
}

/** A pull request's side: a branch of a repository (the base, or for the head possibly a fork of it). */
interface PullSide {
  repo: Repo
  owner: Account
}

/** What a pull request payload shows beyond the pull request itself. */
export interface PullView {
  head: PullSide
  labels: Label[]
  /** Merge base to head, as GitHub counts them for `commits`, `additions`, `deletions`, `changed_files`. */
  stats: { commits: number; additions: number; deletions: number; changedFiles: number }
  /** The author's relation to the base repository: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR or NONE. */
  authorAssociation: string
}

function branchRef(urls: Urls, side: PullSide, branch: { ref: string; sha: string }): Record<string, unknown> {
  return {
    label: `${side.repo.owner}:${branch.ref}`,
    ref: branch.ref,
    sha: branch.sha,
    user: simpleUser(urls, side.owner),
    repo: {
      ...webhookRepository(urls, side.repo, side.owner, 'pull_request'),
      allow_squash_merge: true, allow_merge_commit: true, allow_rebase_merge: true, allow_auto_merge: false,
      delete_branch_on_merge: false, allow_update_branch: false, use_squash_pr_title_as_default: false,
      squash_merge_commit_message: 'COMMIT_MESSAGES', squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
      merge_commit_message: 'PR_TITLE', merge_commit_title: 'MERGE_MESSAGE',
    },
  }
}

export function pullRequestPayload(ctx: PayloadContext, action: string, pr: PullRequest, author: Account, view: PullView, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const api = `${ctx.urls.api}/repos/${ctx.repo.owner}/${ctx.repo.name}`
  const html = `${ctx.urls.web}/${ctx.repo.owner}/${ctx.repo.name}`
  const self = `${api}/pulls/${pr.number}`
  return envelope(ctx, 'pull_request', {
    action,
    number: pr.number,
    ...extra,
    pull_request: {
      url: self, id: pr.id, node_id: nodeId('PullRequest', pr.id), html_url: `${html}/pull/${pr.number}`,
      diff_url: `${html}/pull/${pr.number}.diff`, patch_url: `${html}/pull/${pr.number}.patch`, issue_url: `${api}/issues/${pr.number}`,
      number: pr.number, state: pr.state, locked: false, title: pr.title, user: simpleUser(ctx.urls, author), body: pr.body,
      created_at: pr.createdAt, updated_at: pr.updatedAt, closed_at: pr.closedAt, merged_at: pr.mergedAt, merge_commit_sha: pr.mergeCommitSha,
      assignee: null, assignees: [], requested_reviewers: [], requested_teams: [], labels: view.labels.map((label) => labelShape(ctx.urls, ctx.repo, label)), milestone: null,
      commits_url: `${self}/commits`, review_comments_url: `${self}/comments`, review_comment_url: `${api}/pulls/comments{/number}`,
      comments_url: `${api}/issues/${pr.number}/comments`, statuses_url: `${api}/statuses/${pr.head.sha}`,
      head: branchRef(ctx.urls, view.head, pr.head), base: branchRef(ctx.urls, { repo: ctx.repo, owner: ctx.owner }, pr.base),
      _links: {
        self: { href: self }, html: { href: `${html}/pull/${pr.number}` }, issue: { href: `${api}/issues/${pr.number}` },
        comments: { href: `${api}/issues/${pr.number}/comments` }, review_comments: { href: `${self}/comments` },
        review_comment: { href: `${api}/pulls/comments{/number}` }, commits: { href: `${self}/commits` }, statuses: { href: `${api}/statuses/${pr.head.sha}` },
      },
      author_association: view.authorAssociation,
      auto_merge: null, active_lock_reason: null, draft: pr.draft, merged: pr.merged, mergeable: null, rebaseable: null, mergeable_state: 'unknown',
      merged_by: pr.merged ? simpleUser(ctx.urls, ctx.sender) : null, comments: 0, review_comments: 0, maintainer_can_modify: false,
      commits: view.stats.commits, additions: view.stats.additions, deletions: view.stats.deletions, changed_files: view.stats.changedFiles,
    },
  })
}

/** `fork`, to the parent's hooks: `forkee` is the new repository. */
export function forkPayload(ctx: PayloadContext, fork: Repo, forkOwner: Account): Record<string, unknown> {
  return envelope(ctx, 'fork', { forkee: { ...webhookRepository(ctx.urls, fork, forkOwner, 'fork'), public: !fork.private } })
}

export function releasePayload(ctx: PayloadContext, action: string, release: Release, author: Account): Record<string, unknown> {
  const api = `${ctx.urls.api}/repos/${ctx.repo.owner}/${ctx.repo.name}`
  const html = `${ctx.urls.web}/${ctx.repo.owner}/${ctx.repo.name}`
  return envelope(ctx, 'release', {
    action,
    release: {
      url: `${api}/releases/${release.id}`, assets_url: `${api}/releases/${release.id}/assets`,
      upload_url: `${ctx.urls.web}/api/uploads/repos/${ctx.repo.owner}/${ctx.repo.name}/releases/${release.id}/assets{?name,label}`,
      html_url: `${html}/releases/tag/${release.tagName}`, id: release.id, node_id: nodeId('Release', release.id),
      tag_name: release.tagName, target_commitish: release.targetCommitish, name: release.name, draft: release.draft,
      author: simpleUser(ctx.urls, author), prerelease: release.prerelease, created_at: release.createdAt, published_at: release.publishedAt,
      assets: [], tarball_url: `${api}/tarball/${release.tagName}`, zipball_url: `${api}/zipball/${release.tagName}`, body: release.body,
    },
  })
}
