/**
 * What the JSON viewer decides before it draws anything, kept apart so it can be checked
 * without a browser: what a value is, how it reads folded, whether it starts open, and how
 * many children are drawn at once. A 1 MB payload stays fast because only open containers
 * draw their children, deep or large ones start folded, and long lists come in slices.
 */
export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null'

/** Containers at this depth or deeper start folded (the root is depth 0). */
export const OPEN_DEPTH = 2
/** A container with more children than this starts folded, whatever its depth (except the root). */
export const OPEN_MAX_CHILDREN = 50
/** Children drawn at a time; "Show more" draws the next slice. */
export const CHILD_SLICE = 100
/** Strings longer than this are cut, with a button to show them whole. */
export const STRING_PREVIEW = 300

export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null'
  if (Array.isArray(value)) return 'array'
  switch (typeof value) {
    case 'object':
      return 'object'
    case 'string':
      return 'string'
    case 'number':
    case 'bigint':
      return 'number'
    case 'boolean':
      return 'boolean'
    default:
      return 'string'
  }
}

/** The entries of a container as [key, value]: indexes for arrays. */
export function childrenOf(value: unknown): Array<[string, unknown]> {
  if (Array.isArray(value)) return value.map((item, index) => [String(index), item])
  if (kindOf(value) === 'object') return Object.entries(value as Record<string, unknown>)
  return []
}

/** How many children a container has, without listing them. */
export function childCount(value: unknown): number {
  if (Array.isArray(value)) return value.length
  if (kindOf(value) === 'object') return Object.keys(value as Record<string, unknown>).length
  return 0
}

/** Whether a container starts open: the root always; the next level when it is small; nothing deeper. */
export function startsOpen(depth: number, count: number): boolean {
  if (depth === 0) return true
  return depth < OPEN_DEPTH && count <= OPEN_MAX_CHILDREN
}

/** A folded container in a few words: `{…} 3 keys`, `[…] 1 item`. */
export function foldedSummary(value: unknown): string {
  const count = childCount(value)
  if (Array.isArray(value)) return `[…] ${count} ${count === 1 ? 'item' : 'items'}`
  return `{…} ${count} ${count === 1 ? 'key' : 'keys'}`
}

/**
 * A scalar's text: numbers, booleans and null as JSON writes them; a string as it is (the
 * viewer draws its quotes), so what GitHub sent reads as sent, markup included, as text. A long
 * string is cut to STRING_PREVIEW characters unless `whole`.
 */
export function scalarText(value: unknown, whole = false): { text: string; cut: boolean } {
  if (typeof value !== 'string') return { text: value === undefined ? 'null' : String(value), cut: false }
  const cut = !whole && value.length > STRING_PREVIEW
  return { text: cut ? `${value.slice(0, STRING_PREVIEW)}…` : value, cut }
}

/** How many children to draw when `shown` are drawn and "Show more" is pressed. */
export const nextSlice = (shown: number, total: number) => Math.min(shown + CHILD_SLICE, total)
