import picomatch from 'picomatch'

/** File paths: `**` and `*` match dotfiles too (.github/workflows/x.yml counts as a change). */
const PATH_OPTIONS: picomatch.PicomatchOptions = { dot: true }
const BRANCH_OPTIONS: picomatch.PicomatchOptions = { dot: true }

export type GlobKind = 'path' | 'branch'

/**
 * Why a glob is refused, or null when it is fine. Refused: unbalanced brackets, braces or
 * parentheses (picomatch's strict mode), a pattern that cannot compile (a reversed range like
 * [z-a], a trailing backslash: picomatch would silently match nothing), a leading "!" (the lists
 * are plain lists: say what to leave out in `exclude`), and, for paths, a leading "/" or "./"
 * (paths are relative to the repository root, as GitHub lists them).
 */
export function globProblem(glob: string, kind: GlobKind): string | null {
  if (glob.startsWith('!')) {
    return kind === 'path' ? 'must not start with "!": list what to leave out in paths.exclude' : 'must not start with "!": negated globs are not supported here'
  }
  if (kind === 'path' && (glob.startsWith('/') || glob.startsWith('./'))) return 'must be relative to the repository root (no leading "/" or "./")'
  let source: string
  try {
    source = picomatch.makeRe(glob, { ...(kind === 'path' ? PATH_OPTIONS : BRANCH_OPTIONS), strictBrackets: true }).source
  } catch (error) {
    return `is not a valid glob: ${unbalanced((error as Error).message)}`
  }
  // picomatch answers a pattern that cannot match anything when its regular expression does not compile.
  if (source === '$^') return 'is not a valid glob: it can never match (a reversed range such as [z-a], or a trailing backslash?)'
  return null
}

// Compiled matchers by their globs: a repository's rules are the same event after event.
const compiled = new Map<string, (value: string) => boolean>()
const MAX_COMPILED = 1000

const OPENING: Record<string, string> = { ']': '[', '}': '{', ')': '(' }
const CLOSING: Record<string, string> = { '[': ']', '{': '}', '(': ')' }

/** picomatch's strict-mode message ('Missing closing: "]" - use …', naming the missing character) in our words. */
function unbalanced(message: string): string {
  const [, side, missing] = /^Missing (closing|opening): "(.)"/.exec(message) ?? []
  if (!missing) return message
  const open = side === 'closing' ? (OPENING[missing] ?? missing) : missing
  const close = side === 'closing' ? missing : (CLOSING[missing] ?? missing)
  return side === 'closing'
    ? `a "${open}" is never closed by "${close}" (write \\${open} to match the character itself)`
    : `a "${close}" closes no "${open}" (write \\${close} to match the character itself)`
}

/** A test for "matches any of these globs"; an empty list matches nothing. */
export function matcher(globs: readonly string[], kind: GlobKind): (value: string) => boolean {
  if (globs.length === 0) return () => false
  const key = `${kind}\u0000${globs.join('\u0000')}`
  let test = compiled.get(key)
  if (!test) {
    const isMatch = picomatch([...globs], kind === 'path' ? PATH_OPTIONS : BRANCH_OPTIONS)
    // One argument only: picomatch's second one asks for a result object instead of a boolean.
    test = (value: string) => isMatch(value)
    if (compiled.size >= MAX_COMPILED) compiled.clear()
    compiled.set(key, test)
  }
  return test
}

/** A branch is named by a list of names or globs: equal to one, or matching one as a glob. */
export function branchMatcher(names: readonly string[]): (branch: string) => boolean {
  const glob = matcher(names, 'branch')
  return (branch) => names.includes(branch) || glob(branch)
}
