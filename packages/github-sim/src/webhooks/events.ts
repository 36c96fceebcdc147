import { compareCommits } from '../compare.ts'
import type { SimContext } from '../context.ts'
import { appendCommits, type CommitInput, history, isoSeconds, resolveRef, ZERO_SHA } from '../git.ts'
import type { Account, Delivery, Hook, PullRequest, Release, Repo } from '../model.ts'
import { networkRepoOf, shareCommits } from '../network.ts'
import { filesProblem } from '../seed.ts'
import { type PayloadContext, type PullView, pingPayload, pullRequestPayload, pushPayload, refPayload, releasePayload } from './payloads.ts'

/**
 * Things that happen on github.com: each changes the simulator's state the way GitHub would,
 * then sends the webhooks GitHub would send. Errors say what to fix (they surface as 422 on /_sim).
 */
export class SimInputError extends Error {
  override name = 'SimInputError'
}

export function findRepo(ctx: SimContext, fullName: string): Repo {
  const [owner, name, extra] = fullName.split('/')
  const repo = owner && name && extra === undefined ? ctx.store.repo(owner, name) : undefined
  if (!repo) throw new SimInputError(`no repository "${fullName}" (use "owner/name")`)
  return repo
}

/** The user an event is attributed to: the named login, else the repo owner (or an org admin). */
export function senderFor(ctx: SimContext, repo: Repo, login?: string): Account {
  if (login) {
    const account = ctx.store.account(login)
    if (!account || account.type !== 'User') throw new SimInputError(`no user "${login}"`)
    return account
  }
  const owner = ctx.store.requireAccount(repo.owner)
  if (owner.type === 'User') return owner
  const admin = [...owner.members.entries()].find(([, role]) => role === 'admin')?.[0]
  const account = admin ? ctx.store.account(admin) : undefined
  if (!account) throw new SimInputError(`say which user acts on ${repo.owner}/${repo.name} ("sender")`)
  return account
}

export const payloadContext = (ctx: SimContext, repo: Repo, sender: Account): PayloadContext =>
  ({ urls: ctx.urls, repo, owner: ctx.store.requireAccount(repo.owner), sender })

export function sendPing(ctx: SimContext, repo: Repo, hook: Hook, sender: Account): Promise<Delivery> {
  return ctx.sender.ping(repo, hook, pingPayload(payloadContext(ctx, repo, sender), hook))
}

export interface PushInput {
  repo: string
  branch?: string
  commits: CommitInput[]
  /**
   * Put only the first N pushed commits in the payload's `commits` (`head_commit` stays the pushed
   * head), like a push too big for one payload: the rest is for the compare API to tell.
   */
  commitLimit?: number
  sender?: string
  /**
   * The push happens but GitHub never sends its delivery (no hook or App receives it, and none
   * is recorded in the deliveries log): what reconciliation has to notice on its own.
   */
  undelivered?: boolean
}

export interface PushResult {
  ref: string
  before: string
  after: string
  shas: string[]
  deliveries: Delivery[]
}

/** Adds commits to a branch (created if new, from the default branch) and sends `push`. */
export async function push(ctx: SimContext, input: PushInput): Promise<PushResult> {
  const repo = findRepo(ctx, input.repo)
  const sender = senderFor(ctx, repo, input.sender)
  if (!Array.isArray(input.commits) || input.commits.length === 0) throw new SimInputError('a push needs at least one commit ({ message })')
  if (input.commitLimit !== undefined && (!Number.isSafeInteger(input.commitLimit) || input.commitLimit < 0)) throw new SimInputError('commitLimit must be a non-negative integer')
  if (input.undelivered !== undefined && typeof input.undelivered !== 'boolean') throw new SimInputError('undelivered must be true or false')
  for (const commit of input.commits) {
    if (typeof commit?.message !== 'string') throw new SimInputError('every commit needs a message')
    const problem = filesProblem(commit.files)
    if (problem) throw new SimInputError(`commit files ${problem}`)
  }
  const branch = input.branch ?? repo.defaultBranch
  const current = repo.branches.get(branch)
  const parent = current ?? repo.branches.get(repo.defaultBranch) ?? null
  const added = appendCommits(repo, parent, input.commits.map((commit) => ({ author: sender.login, ...commit })), (login) => ctx.store.account(login))
  const after = added.at(-1)!.sha
  repo.branches.set(branch, after)
  repo.pushedAt = isoSeconds(new Date())
  repo.updatedAt = repo.pushedAt
  const ref = `refs/heads/${branch}`
  const payload = pushPayload(payloadContext(ctx, repo, sender), {
    ref, before: current ?? ZERO_SHA, after, commits: added.slice(0, input.commitLimit ?? added.length), head: added.at(-1)!,
    created: current === undefined, deleted: false, forced: false, baseRef: null,
  })
  const deliveries = input.undelivered === true ? [] : await ctx.sender.dispatch(repo, 'push', payload)
  return { ref, before: current ?? ZERO_SHA, after, shas: added.map((commit) => commit.sha), deliveries }
}

export interface RefInput {
  repo: string
  ref: string
  refType: 'branch' | 'tag'
  /** Where a new ref points: a branch, tag or SHA (default: the default branch). */
  from?: string
  sender?: string
}

/** Creates a branch or tag: sends `create` and a `push` with created: true, as GitHub does. */
export async function createRef(ctx: SimContext, input: RefInput): Promise<{ sha: string; deliveries: Delivery[] }> {
  const repo = findRepo(ctx, input.repo)
  const sender = senderFor(ctx, repo, input.sender)
  const refs = input.refType === 'tag' ? repo.tags : input.refType === 'branch' ? repo.branches : null
  if (!refs) throw new SimInputError('refType must be "branch" or "tag"')
  if (typeof input.ref !== 'string' || input.ref === '') throw new SimInputError('ref must be a branch or tag name')
  if (refs.has(input.ref)) throw new SimInputError(`${input.refType} "${input.ref}" already exists`)
  const sha = resolveRef(repo, input.from ?? repo.defaultBranch)
  if (!sha) throw new SimInputError(`cannot create ${input.ref}: "${input.from ?? repo.defaultBranch}" names no commit`)
  refs.set(input.ref, sha)
  const context = payloadContext(ctx, repo, sender)
  const full = `refs/${input.refType === 'tag' ? 'tags' : 'heads'}/${input.ref}`
  const head = repo.commits.get(sha)!
  const deliveries = [
    ...(await ctx.sender.dispatch(repo, 'create', refPayload(context, 'create', input.ref, input.refType))),
    ...(await ctx.sender.dispatch(repo, 'push', pushPayload(context, {
      ref: full, before: ZERO_SHA, after: sha, commits: [], head, created: true, deleted: false, forced: false, baseRef: null,
    }))),
  ]
  return { sha, deliveries }
}

/** Deletes a branch or tag: sends `delete` and a `push` with deleted: true. */
export async function deleteRef(ctx: SimContext, input: Omit<RefInput, 'from'>): Promise<{ deliveries: Delivery[] }> {
  const repo = findRepo(ctx, input.repo)
  const sender = senderFor(ctx, repo, input.sender)
  const refs = input.refType === 'tag' ? repo.tags : input.refType === 'branch' ? repo.branches : null
  if (!refs) throw new SimInputError('refType must be "branch" or "tag"')
  const sha = refs.get(input.ref)
  if (!sha) throw new SimInputError(`no ${input.refType} "${input.ref}" in ${input.repo}`)
  if (input.refType === 'branch' && input.ref === repo.defaultBranch) throw new SimInputError('the default branch cannot be deleted')
  refs.delete(input.ref)
  const context = payloadContext(ctx, repo, sender)
  const full = `refs/${input.refType === 'tag' ? 'tags' : 'heads'}/${input.ref}`
  const deliveries = [
    ...(await ctx.sender.dispatch(repo, 'delete', refPayload(context, 'delete', input.ref, input.refType))),
    ...(await ctx.sender.dispatch(repo, 'push', pushPayload(context, {
      ref: full, before: sha, after: ZERO_SHA, commits: [], head: null, created: false, deleted: true, forced: false, baseRef: null,
    }))),
  ]
  return { deliveries }
}

export interface PullRequestInput {
  repo: string
  action: 'opened' | 'synchronize' | 'closed' | 'reopened' | 'edited' | 'ready_for_review' | 'converted_to_draft'
  /** Required for every action but `opened`. */
  number?: number
  /**
   * Head branch (opened): a branch of the repository, or `owner:branch` for a branch of the
   * repository's fork owned by `owner`; its current head SHA is used.
   */
  head?: string
  /** Base branch (default: the default branch). */
  base?: string
  title?: string
  body?: string
  draft?: boolean
  /** For `closed`: whether the pull request was merged. */
  merged?: boolean
  /** Default: the owner of the head's repository (for an org's: an org admin). */
  sender?: string
}

const PULL_ACTIONS: string[] = ['opened', 'synchronize', 'closed', 'reopened', 'edited', 'ready_for_review', 'converted_to_draft']

/** The repository and branch a pull request's `head` names: `branch`, or `owner:branch` in a fork. */
function headOf(ctx: SimContext, repo: Repo, head: unknown): { headRepo: Repo; ref: string; sha: string } {
  const fullName = `${repo.owner}/${repo.name}`
  if (typeof head !== 'string' || head === '') throw new SimInputError(`opening a pull request needs "head": an existing branch of ${fullName}, or owner:branch of a fork`)
  const colon = head.indexOf(':')
  const owner = colon === -1 ? repo.owner : head.slice(0, colon)
  const ref = colon === -1 ? head : head.slice(colon + 1)
  const headRepo = networkRepoOf(ctx.store, repo, owner)
  if (!headRepo) throw new SimInputError(`no fork of ${fullName} owned by "${owner}" (head "${head}")`)
  const sha = headRepo.branches.get(ref)
  if (!sha) throw new SimInputError(`opening a pull request needs "head": an existing branch of ${headRepo.owner}/${headRepo.name} (it has no branch "${ref}")`)
  return { headRepo, ref, sha }
}

/** The author's relation to a repository, as pull request payloads give it. */
function authorAssociation(ctx: SimContext, repo: Repo, login: string): string {
  const key = login.toLowerCase()
  if (repo.owner.toLowerCase() === key) return 'OWNER'
  if (ctx.store.account(repo.owner)?.members.has(key)) return 'MEMBER'
  if (repo.collaborators.has(key)) return 'COLLABORATOR'
  const main = repo.branches.get(repo.defaultBranch)
  if (main && history(repo, main).some((commit) => commit.author.login?.toLowerCase() === key)) return 'CONTRIBUTOR'
  return 'NONE'
}

/** What a pull request payload shows besides the pull request: its head's repository, labels, counts and the author's association. */
export function pullView(ctx: SimContext, repo: Repo, pr: PullRequest): PullView {
  const headRepo = ctx.store.repoById(pr.head.repoId) ?? repo
  const comparison = compareCommits((sha) => repo.commits.get(sha), repo.branches.get(pr.base.ref) ?? pr.base.sha, pr.head.sha)
  const files = comparison?.files ?? []
  return {
    head: { repo: headRepo, owner: ctx.store.requireAccount(headRepo.owner) },
    labels: pr.labels.map((name) => repo.labels.get(name.toLowerCase())).filter((label) => label !== undefined),
    stats: {
      commits: comparison?.aheadBy ?? 0,
      additions: files.reduce((sum, file) => sum + file.additions, 0),
      deletions: files.reduce((sum, file) => sum + file.deletions, 0),
      changedFiles: files.length,
    },
    authorAssociation: authorAssociation(ctx, repo, pr.user),
  }
}

/** Opens, updates or closes a pull request and sends `pull_request`. */
export async function pullRequest(ctx: SimContext, input: PullRequestInput): Promise<{ number: number; deliveries: Delivery[] }> {
  const repo = findRepo(ctx, input.repo)
  if (!PULL_ACTIONS.includes(input.action)) throw new SimInputError(`pull_request action must be one of ${PULL_ACTIONS.join(', ')}`)
  const now = isoSeconds(new Date())
  let pr: PullRequest | undefined
  let sender: Account
  if (input.action === 'opened') {
    const head = headOf(ctx, repo, input.head)
    const baseRef = input.base ?? repo.defaultBranch
    const baseSha = repo.branches.get(baseRef)
    if (!baseSha) throw new SimInputError(`no base branch "${baseRef}" in ${input.repo}`)
    sender = senderFor(ctx, head.headRepo, input.sender)
    const number = input.number ?? Math.max(0, ...repo.pulls.keys()) + 1
    if (repo.pulls.has(number)) throw new SimInputError(`pull request #${number} already exists`)
    shareCommits(head.headRepo, repo, head.sha)
    pr = {
      id: ctx.store.nextId('pull'), number, title: input.title ?? `Merge ${head.ref} into ${baseRef}`, body: input.body ?? null,
      state: 'open', draft: input.draft ?? false, merged: false, user: sender.login,
      head: { ref: head.ref, sha: head.sha, repoId: head.headRepo.id }, base: { ref: baseRef, sha: baseSha }, labels: [], mergeCommitSha: null,
      createdAt: now, updatedAt: now, closedAt: null, mergedAt: null,
    }
    repo.pulls.set(number, pr)
  } else {
    pr = input.number === undefined ? undefined : repo.pulls.get(input.number)
    if (!pr) throw new SimInputError(`no pull request #${String(input.number)} in ${input.repo}: give "number"`)
    const headRepo = ctx.store.repoById(pr.head.repoId) ?? repo
    sender = senderFor(ctx, headRepo, input.sender)
    pr.updatedAt = now
    if (input.title !== undefined) pr.title = input.title
    if (input.body !== undefined) pr.body = input.body
    if (input.action === 'synchronize') {
      pr.head.sha = headRepo.branches.get(pr.head.ref) ?? pr.head.sha
      shareCommits(headRepo, repo, pr.head.sha)
    }
    if (input.action === 'ready_for_review') pr.draft = false
    if (input.action === 'converted_to_draft') pr.draft = true
    if (input.action === 'reopened') Object.assign(pr, { state: 'open', closedAt: null })
    if (input.action === 'closed') {
      pr.state = 'closed'
      pr.closedAt = now
      if (input.merged) {
        pr.merged = true
        pr.mergedAt = now
        const merged = appendCommits(repo, repo.branches.get(pr.base.ref) ?? null, [{ message: `Merge pull request #${pr.number} from ${headRepo.owner}/${pr.head.ref}`, author: sender.login, added: [], removed: [], modified: [] }], (login) => ctx.store.account(login))
        // The merge takes the head's files (the base has not moved on in the simulator's pull requests).
        merged[0]!.files = new Map(repo.commits.get(pr.head.sha)?.files ?? merged[0]!.files)
        pr.mergeCommitSha = merged[0]!.sha
        repo.branches.set(pr.base.ref, pr.mergeCommitSha)
      }
    }
  }
  const extra = input.action === 'synchronize' ? { before: history(repo, pr.head.sha)[1]?.sha ?? pr.head.sha, after: pr.head.sha } : {}
  const author = ctx.store.account(pr.user) ?? sender
  const payload = pullRequestPayload(payloadContext(ctx, repo, sender), input.action, pr, author, pullView(ctx, repo, pr), extra)
  return { number: pr.number, deliveries: await ctx.sender.dispatch(repo, 'pull_request', payload) }
}

export interface ReleaseInput {
  repo: string
  action?: 'published' | 'created' | 'released' | 'prereleased' | 'edited' | 'deleted' | 'unpublished'
  tag: string
  name?: string
  body?: string
  /** Branch or SHA the tag is created from when it does not exist yet (default: the default branch). */
  target?: string
  prerelease?: boolean
  draft?: boolean
  sender?: string
}

/** Creates (or acts on) a release, creating its tag if needed, and sends `release`. */
export async function release(ctx: SimContext, input: ReleaseInput): Promise<{ id: number; deliveries: Delivery[] }> {
  const repo = findRepo(ctx, input.repo)
  const sender = senderFor(ctx, repo, input.sender)
  const action = input.action ?? 'published'
  if (typeof input.tag !== 'string' || input.tag === '') throw new SimInputError('a release needs "tag"')
  let entry = [...repo.releases.values()].find((candidate) => candidate.tagName === input.tag)
  const now = isoSeconds(new Date())
  if (!entry) {
    if (!repo.tags.has(input.tag)) {
      const sha = resolveRef(repo, input.target ?? repo.defaultBranch)
      if (!sha) throw new SimInputError(`cannot tag ${input.tag}: "${input.target ?? repo.defaultBranch}" names no commit`)
      repo.tags.set(input.tag, sha)
    }
    entry = {
      id: ctx.store.nextId('release'), tagName: input.tag, name: input.name ?? input.tag, body: input.body ?? null,
      targetCommitish: input.target ?? repo.defaultBranch, draft: input.draft ?? false, prerelease: input.prerelease ?? false,
      author: sender.login, createdAt: now, publishedAt: input.draft ? null : now,
    } satisfies Release
    repo.releases.set(entry.id, entry)
  }
  if (action === 'deleted') repo.releases.delete(entry.id)
  const author = ctx.store.account(entry.author) ?? sender
  const payload = releasePayload(payloadContext(ctx, repo, sender), action, entry, author)
  return { id: entry.id, deliveries: await ctx.sender.dispatch(repo, 'release', payload) }
}
