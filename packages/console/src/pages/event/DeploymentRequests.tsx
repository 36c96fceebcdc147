import type { ResponseBody } from '@gwm/api-client'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { dateTime, duration, shortSha } from '../../lib/format.ts'
import { TableScroll } from '../../components/TableScroll.tsx'
import { RequestReplayButton } from './RequestReplayButton.tsx'

type Request = ResponseBody<'getEvent'>['requests'][number]

/** Each deployment request the event made, with every attempt to tell the platform. */
export function DeploymentRequests({ requests, onReplayed }: { requests: Request[]; onReplayed: () => void }) {
  if (requests.length === 0) return <p>This event asked for no deployment (see its decision above).</p>
  return (
    <>
      {requests.map((request) => (
        <article key={request.id} class="card" aria-labelledby={`request-${request.id}`}>
          <h3 id={`request-${request.id}`}>{request.environment} <span class="muted">({request.kind})</span></h3>
          <dl class="facts">
            <dt>Status</dt><dd><StatusBadge status={request.status} /></dd>
            <dt>Ref</dt><dd>{request.ref} {request.sha && <span class="mono">{shortSha(request.sha)}</span>}</dd>
            <dt>Reason</dt><dd>{request.reason ?? '—'}</dd>
            <dt>Sequence</dt><dd>{request.sequence ?? '—'}</dd>
            {request.lastError && <><dt>Last error</dt><dd>{request.lastError}</dd></>}
            {request.supersededBy && <><dt>Superseded by</dt><dd class="mono">{request.supersededBy}</dd></>}
          </dl>
          <Attempts request={request} />
          <RequestReplayButton requestId={request.id} status={request.status} onDone={onReplayed} />
        </article>
      ))}
    </>
  )
}

function Attempts({ request }: { request: Request }) {
  if (request.callbackAttempts.length === 0) return <p class="muted">Not sent to the platform yet.</p>
  return (
    <TableScroll label={`Attempts for ${request.environment}`}>
      <table aria-label={`Attempts for ${request.environment}`}>
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">At</th>
            <th scope="col">Response</th>
            <th scope="col">Duration</th>
            <th scope="col">Error</th>
            <th scope="col">Next retry</th>
          </tr>
        </thead>
        <tbody>
          {request.callbackAttempts.map((attempt) => (
            <tr key={attempt.attempt}>
              <td>{attempt.attempt}</td>
              <td>{dateTime(attempt.at)}</td>
              <td>{attempt.statusCode ?? 'no answer'}</td>
              <td>{duration(attempt.durationMs)}</td>
              <td>{attempt.error ?? '—'}</td>
              <td>{attempt.retryAt ? dateTime(attempt.retryAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
