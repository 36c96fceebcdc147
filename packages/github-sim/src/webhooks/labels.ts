import { createHash } from 'node:crypto'
import type { SimContext } from '../context.ts'
import { isoSeconds } from '../git.ts'
import type { Delivery, Label, PullRequest, Repo } from '../model.ts'
import { labelShape } from '../shapes/label.ts'
import { findRepo, payloadContext, pullView, SimInputError, senderFor } from './events.ts'
import { pullRequestPayload } from './payloads.ts'

/** Someone puts a label on a pull request or takes it off: `pull_request` `labeled` / `unlabeled`. */
export interface LabelInput {
  repo: string
  /** The pull request's number. */
  number: number
  /** The label's name; a label the repository does not have yet is created (as GitHub's API does). */
  label: string
  /** For a new label: 6 hex digits (default: one derived from the name). */
  color?: string
  /** For a new label. */
  description?: string
  sender?: string
}

export interface LabelResult {
  /** The pull request's labels afterwards. */
  labels: string[]
  deliveries: Delivery[]
}

function pullOf(repo: Repo, number: unknown): PullRequest {
  const pr = repo.pulls.get(Number(number))
  if (!pr) throw new SimInputError(`no pull request #${String(number)} in ${repo.owner}/${repo.name}`)
  return pr
}

function labelName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 50) throw new SimInputError('label must be a name of 1 to 50 characters')
  return value
}

/** The repository's label of that name, created if it has none. */
function repoLabel(ctx: SimContext, repo: Repo, name: string, input: LabelInput): Label {
  const existing = repo.labels.get(name.toLowerCase())
  if (existing) return existing
  if (input.color !== undefined && (typeof input.color !== 'string' || !/^[0-9a-f]{6}$/i.test(input.color))) throw new SimInputError('color must be 6 hex digits, e.g. "d73a4a"')
  if (input.description !== undefined && (typeof input.description !== 'string' || input.description.length > 100)) throw new SimInputError('description must be a string of at most 100 characters')
  const label: Label = {
    id: ctx.store.nextId('label'),
    name,
    color: (input.color ?? createHash('sha1').update(name).digest('hex').slice(0, 6)).toLowerCase(),
    description: input.description ?? null,
    default: false,
  }
  repo.labels.set(name.toLowerCase(), label)
  return label
}

async function send(ctx: SimContext, repo: Repo, pr: PullRequest, action: 'labeled' | 'unlabeled', label: Label, senderLogin?: string): Promise<LabelResult> {
  const sender = senderFor(ctx, repo, senderLogin)
  pr.updatedAt = isoSeconds(new Date())
  const author = ctx.store.account(pr.user) ?? sender
  const payload = pullRequestPayload(payloadContext(ctx, repo, sender), action, pr, author, pullView(ctx, repo, pr), { label: labelShape(ctx.urls, repo, label) })
  return { labels: [...pr.labels], deliveries: await ctx.sender.dispatch(repo, 'pull_request', payload) }
}

export async function addLabel(ctx: SimContext, input: LabelInput): Promise<LabelResult> {
  const repo = findRepo(ctx, input.repo)
  const pr = pullOf(repo, input.number)
  const name = labelName(input.label)
  if (input.sender !== undefined) senderFor(ctx, repo, input.sender)
  if (pr.labels.some((label) => label.toLowerCase() === name.toLowerCase())) throw new SimInputError(`pull request #${pr.number} already has the label "${name}"`)
  const label = repoLabel(ctx, repo, name, input)
  pr.labels.push(label.name)
  return send(ctx, repo, pr, 'labeled', label, input.sender)
}

export async function removeLabel(ctx: SimContext, input: Omit<LabelInput, 'color' | 'description'>): Promise<LabelResult> {
  const repo = findRepo(ctx, input.repo)
  const pr = pullOf(repo, input.number)
  const name = labelName(input.label)
  if (input.sender !== undefined) senderFor(ctx, repo, input.sender)
  const index = pr.labels.findIndex((label) => label.toLowerCase() === name.toLowerCase())
  if (index === -1) throw new SimInputError(`pull request #${pr.number} has no label "${name}"`)
  const [removed] = pr.labels.splice(index, 1)
  return send(ctx, repo, pr, 'unlabeled', repo.labels.get(removed!.toLowerCase())!, input.sender)
}
