import { call } from '@gwm/api-client'
import { api } from '../../api.ts'
import { ErrorNotice } from '../../components/ErrorNotice.tsx'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { dateTime } from '../../lib/format.ts'
import { useRequest } from '../../lib/use-request.ts'
import { TableScroll } from '../../components/TableScroll.tsx'

/** Our webhook as GitHub reports it: verified or not, drift from our settings, its last response and deliveries. */
export function HookHealth({ owner, repo }: { owner: string; repo: string }) {
  const hook = useRequest(() => call(api.GET('/api/repos/{owner}/{repo}/webhook', { params: { path: { owner, repo } } })), `${owner}/${repo}`)
  if (hook.error) return <ErrorNotice error={hook.error} onRetry={hook.reload} />
  if (!hook.data) return <p role="status">Asking GitHub about the webhook…</p>
  const state = hook.data
  return (
    <section aria-label={`Webhook health of ${owner}/${repo}`}>
      <h3>Webhook health</h3>
      <dl class="facts">
        <dt>Status</dt><dd><StatusBadge status={state.status} />{!state.onGitHub && ' (deleted on GitHub: connect again to recreate it)'}</dd>
        <dt>Verified</dt><dd>{dateTime(state.verifiedAt)}</dd>
        <dt>Last response</dt><dd>{state.lastResponse ? `${state.lastResponse.code ?? '—'} ${state.lastResponse.status ?? ''} ${state.lastResponse.message ?? ''}` : '—'}</dd>
        <dt>Differs from our settings</dt><dd>{state.drift.length ? state.drift.join(', ') : 'no'}</dd>
      </dl>
      {state.deliveries.length > 0 && (
        <TableScroll label={`Recent deliveries to ${owner}/${repo}`}>
          <table aria-label={`Recent deliveries to ${owner}/${repo}`}>
            <thead><tr><th scope="col">Delivered</th><th scope="col">Event</th><th scope="col">Response</th><th scope="col">Redelivery</th></tr></thead>
            <tbody>
              {state.deliveries.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{dateTime(delivery.deliveredAt)}</td>
                  <td>{delivery.action ? `${delivery.event}.${delivery.action}` : delivery.event}</td>
                  <td>{delivery.statusCode} {delivery.status}</td>
                  <td>{delivery.redelivery ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  )
}
