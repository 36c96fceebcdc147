import type { Commit } from './model.ts'

/** What changed in one file between two commits (GitHub's diff entries; the simulator knows no renames). */
export interface FileChange {
  filename: string
  status: 'added' | 'removed' | 'modified'
  additions: number
  deletions: number
  /** The content after (null: removed) and before (null: added). */
  after: Buffer | null
  before: Buffer | null
}

/** A three-dot comparison: what `head` has that the merge base with `base` has not. */
export interface Comparison {
  status: 'identical' | 'ahead' | 'behind' | 'diverged'
  aheadBy: number
  behindBy: number
  mergeBase: Commit
  /** The commits `head` is ahead by, oldest first. */
  commits: Commit[]
  /** Merge base to head, sorted by path. */
  files: FileChange[]
}

/** First-parent history from `sha`, newest first. */
function chain(lookup: (sha: string) => Commit | undefined, sha: string): Commit[] {
  const out: Commit[] = []
  for (let commit = lookup(sha); commit; commit = commit.parents[0] ? lookup(commit.parents[0]) : undefined) out.push(commit)
  return out
}

const lines = (content: Buffer | null): string[] => {
  if (!content || content.length === 0) return []
  const text = content.toString('utf8')
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n')
}

/** The longest common subsequence's length of two line lists (or 0 when they are too big to compare cheaply). */
function commonLines(a: string[], b: string[]): number {
  if (a.length * b.length > 4_000_000) return 0
  let previous = new Array<number>(b.length + 1).fill(0)
  for (const line of a) {
    const row = new Array<number>(b.length + 1).fill(0)
    for (let j = 1; j <= b.length; j += 1) row[j] = line === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, row[j - 1]!)
    previous = row
  }
  return previous[b.length]!
}

/** The files that differ between two trees, with added and deleted line counts. */
export function diffFiles(before: Map<string, Buffer>, after: Map<string, Buffer>): FileChange[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort()
  const out: FileChange[] = []
  for (const filename of paths) {
    const old = before.get(filename) ?? null
    const next = after.get(filename) ?? null
    if (old && next && old.equals(next)) continue
    const oldLines = lines(old)
    const newLines = lines(next)
    const common = commonLines(oldLines, newLines)
    out.push({
      filename,
      status: old === null ? 'added' : next === null ? 'removed' : 'modified',
      additions: newLines.length - common,
      deletions: oldLines.length - common,
      after: next,
      before: old,
    })
  }
  return out
}

/**
 * Compares two commits as GitHub's `base...head` does (histories are first-parent chains in the
 * simulator); null when they share no history.
 */
export function compareCommits(lookup: (sha: string) => Commit | undefined, base: string, head: string): Comparison | null {
  const baseChain = chain(lookup, base)
  const baseIndex = new Map(baseChain.map((commit, index) => [commit.sha, index]))
  const headChain = chain(lookup, head)
  const aheadBy = headChain.findIndex((commit) => baseIndex.has(commit.sha))
  if (aheadBy === -1) return null
  const mergeBase = headChain[aheadBy]!
  const behindBy = baseIndex.get(mergeBase.sha)!
  const status = aheadBy === 0 && behindBy === 0 ? 'identical' : behindBy === 0 ? 'ahead' : aheadBy === 0 ? 'behind' : 'diverged'
  return { status, aheadBy, behindBy, mergeBase, commits: headChain.slice(0, aheadBy).reverse(), files: diffFiles(mergeBase.files, headChain[0]!.files) }
}
