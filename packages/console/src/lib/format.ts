/** A moment as the reader's clock shows it; '—' when there is none. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
}

/** A duration in milliseconds, in the unit that reads best: 850 ms, 2.4 s. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** A commit SHA, short. */
export const shortSha = (sha: string | null | undefined) => (sha ? sha.slice(0, 7) : '—')
