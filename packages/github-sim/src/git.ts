import { createHash } from 'node:crypto'
import type { Account, Commit, GitActor, Repo } from './model.ts'
import type { SeedCommit } from './seed.ts'

export const ZERO_SHA = '0000000000000000000000000000000000000000'
const EPOCH = Date.parse('2024-01-01T00:00:00Z')

/** GitHub's timestamps: ISO 8601 without milliseconds. */
export const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z')

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex')

export interface CommitInput extends SeedCommit {}

/** Git's object id of a file's content (`git hash-object`). */
export const blobSha = (content: Buffer): string => createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex')

/** An actor from a login or a free name: users of the simulator get their own name and email. */
function actor(who: string, date: string, lookup: (login: string) => Account | undefined): GitActor {
  const account = lookup(who)
  return {
    name: account?.name ?? who,
    email: account?.email ?? `${who}@users.noreply.github.local`,
    date,
    login: account ? account.login : null,
  }
}

/** What a commit changes: GitHub's added/removed/modified lists and the file tree after it. */
function applyChanges(input: CommitInput, sha: string, before: Map<string, Buffer>): Pick<Commit, 'added' | 'removed' | 'modified' | 'files'> {
  const files = new Map(before)
  const explicit = Object.entries(input.files ?? {})
  const defaultModified = input.added || input.removed || input.files ? [] : ['README.md']
  const added = new Set(input.added ?? [])
  const removed = new Set(input.removed ?? [])
  const modified = new Set(input.modified ?? defaultModified)
  const generated = (path: string) => Buffer.from(`${path} at ${sha.slice(0, 7)}: ${input.message}\n`)
  for (const path of removed) files.delete(path)
  for (const path of [...added, ...modified]) files.set(path, generated(path))
  for (const [path, content] of explicit) {
    if (content === null) {
      files.delete(path)
      if (before.has(path)) removed.add(path)
      continue
    }
    files.set(path, Buffer.from(content))
    if (!added.has(path) && !modified.has(path)) (before.has(path) ? modified : added).add(path)
  }
  return { added: [...added], removed: [...removed], modified: [...modified], files }
}

/**
 * Appends commits on top of `parent` and returns the new head. SHAs are a hash of the repo, the
 * parent, the message, the date (and the given file contents), so a seed always produces the same history.
 */
export function appendCommits(
  repo: Repo,
  parent: string | null,
  inputs: CommitInput[],
  lookup: (login: string) => Account | undefined,
): Commit[] {
  const created: Commit[] = []
  let head = parent
  for (const input of inputs) {
    const date = input.date ?? isoSeconds(new Date())
    const who = actor(input.author ?? repo.owner, date, lookup)
    const contents = input.files ? `\n${JSON.stringify(Object.entries(input.files).sort(([a], [b]) => a.localeCompare(b)))}` : ''
    const sha = input.sha ?? sha1(`${repo.owner}/${repo.name}\n${head ?? ''}\n${input.message}\n${date}\n${repo.commits.size}${contents}`)
    const before = head ? (repo.commits.get(head)?.files ?? new Map<string, Buffer>()) : new Map<string, Buffer>()
    const commit: Commit = {
      sha,
      treeSha: sha1(`tree ${sha}`),
      message: input.message,
      author: who,
      committer: who,
      parents: head ? [head] : [],
      ...applyChanges(input, sha, before),
    }
    repo.commits.set(sha, commit)
    created.push(commit)
    head = sha
  }
  return created
}

/** Seed commits get dates an hour apart from a fixed epoch, so their SHAs never change. */
export function seedDates(inputs: SeedCommit[], offset: number): SeedCommit[] {
  return inputs.map((input, i) => ({ ...input, date: input.date ?? isoSeconds(new Date(EPOCH + (offset + i) * 3_600_000)) }))
}

/** First-parent history from `head`, newest first. */
export function history(repo: Repo, head: string): Commit[] {
  const out: Commit[] = []
  let sha: string | undefined = head
  while (sha) {
    const commit = repo.commits.get(sha)
    if (!commit) break
    out.push(commit)
    sha = commit.parents[0]
  }
  return out
}

/** A branch name, tag name or (abbreviated, at least 7 characters) SHA to a commit SHA. */
export function resolveRef(repo: Repo, ref: string): string | null {
  const name = ref.replace(/^refs\/(heads|tags)\//, '')
  const branch = repo.branches.get(name) ?? repo.tags.get(name)
  if (branch) return branch
  if (/^[0-9a-f]{7,40}$/i.test(ref)) {
    for (const sha of repo.commits.keys()) if (sha.startsWith(ref.toLowerCase())) return sha
  }
  return null
}
