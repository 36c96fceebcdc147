/** A status in words, coloured by how it went (the word carries the meaning; the colour only helps). */
const TONE: Record<string, string> = {
  delivered: 'good', connected: 'good', success: 'good',
  stored: 'neutral', superseded: 'neutral', cancelled: 'neutral', none: 'neutral', inactive: 'neutral',
  pending: 'waiting', delivering: 'waiting', waiting_checks: 'waiting', queued: 'waiting', in_progress: 'waiting',
  failed: 'bad', blocked: 'bad', failure: 'bad', error: 'bad',
}

export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${TONE[status] ?? 'neutral'}`}>{status.replaceAll('_', ' ')}</span>
}
