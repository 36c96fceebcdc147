/**
 * The commit message an event is about, when it names one: a push's head commit, a pull
 * request's title. Read defensively: a payload is whatever GitHub (or anyone) sent.
 */
export function headlineOf(payload: Record<string, unknown>): { label: string; text: string } | null {
  const field = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
  const message = field(payload.head_commit, 'message')
  if (typeof message === 'string') return { label: 'Commit message', text: message }
  const title = field(payload.pull_request, 'title')
  if (typeof title === 'string') return { label: 'Pull request', text: title }
  const release = field(payload.release, 'name')
  if (typeof release === 'string') return { label: 'Release', text: release }
  return null
}
