import { call } from '@gwm/api-client'
import { api } from '../../api.ts'
import { ErrorNotice } from '../../components/ErrorNotice.tsx'
import { useAction } from '../../lib/use-action.ts'

/** Runs the rules on the event again and re-sends its deployment requests (each keeps its webhook-id). */
export function ReplayButton({ deliveryId, onDone }: { deliveryId: string; onDone: () => void }) {
  const replay = useAction(() => call(api.POST('/api/events/{deliveryId}/replay', { params: { path: { deliveryId } }, body: {} })), onDone)
  return (
    <div class="action">
      <button type="button" class="button-primary" onClick={replay.run} disabled={replay.busy} aria-describedby="replay-help">Replay</button>
      <span id="replay-help" class="muted"> Re-sends this event's deployment requests to the platform.</span>
      {replay.result && (
        <p role="status">
          Replayed: {replay.result.requeued} {replay.result.requeued === 1 ? 'request' : 'requests'} re-sent
          {replay.result.created > 0 ? `, ${replay.result.created} new` : ''}
          {replay.result.enqueued ? '.' : ' (queued shortly: the queue was busy).'}
        </p>
      )}
      {replay.error && <ErrorNotice error={replay.error} onRetry={replay.run} />}
    </div>
  )
}
