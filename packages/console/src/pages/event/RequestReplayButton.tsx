import { call } from '@gwm/api-client'
import { api } from '../../api.ts'
import { ErrorNotice } from '../../components/ErrorNotice.tsx'
import { useAction } from '../../lib/use-action.ts'
import { isReplayable } from './request-replay.ts'

/**
 * Re-sends one deployment request's callback (same webhook-id). Its answer stays shown after the
 * page reloads the request, which is pending again by then and offers no button.
 */
export function RequestReplayButton({ requestId, status, onDone }: { requestId: string; status: string; onDone: () => void }) {
  const replay = useAction(() => call(api.POST('/api/deployments/{requestId}/replay', { params: { path: { requestId } }, body: {} })), onDone)
  return (
    <div class="action">
      {isReplayable(status) && (
        <button type="button" onClick={replay.run} disabled={replay.busy} aria-describedby={`request-${requestId}`}>Replay request</button>
      )}
      {replay.result && <p role="status">Replayed: this request is {replay.result.status} again, its callback on its way to the platform.</p>}
      {replay.error && <ErrorNotice error={replay.error} onRetry={replay.run} />}
    </div>
  )
}
