import type { ResponseBody } from '@gwm/api-client'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { dateTime } from '../../lib/format.ts'
import { headlineOf } from './commit-message.ts'

type EventDetail = ResponseBody<'getEvent'>

/** What GitHub said about the delivery (the headers that identify it) and what became of it here. */
export function EventFacts({ event }: { event: EventDetail }) {
  const headline = headlineOf(event.payload)
  return (
    <div class="columns">
      <section aria-labelledby="headers-heading">
        <h2 id="headers-heading">Headers</h2>
        <dl class="facts">
          <dt>X-GitHub-Event</dt><dd>{event.event}</dd>
          <dt>X-GitHub-Delivery</dt><dd class="mono">{event.deliveryId}</dd>
          <dt>X-GitHub-Hook-ID</dt><dd>{event.hookId}</dd>
          {event.installationId !== null && <><dt>X-GitHub-Hook-Installation-Target-ID</dt><dd>{event.installationId}</dd></>}
        </dl>
      </section>
      <section aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">Outcome</h2>
        <dl class="facts">
          <dt>Status</dt><dd><StatusBadge status={event.status} /></dd>
          <dt>Action</dt><dd>{event.action ?? '—'}</dd>
          <dt>Repository</dt><dd>{event.repository?.fullName ?? '—'}</dd>
          <dt>Sender</dt><dd>{event.sender ?? '—'}</dd>
          {headline && <><dt>{headline.label}</dt><dd class="pre">{headline.text}</dd></>}
          <dt>Decision</dt><dd>{event.decision ?? '—'}</dd>
          <dt>Received</dt><dd>{dateTime(event.receivedAt)}</dd>
          <dt>Processed</dt><dd>{dateTime(event.processedAt)}</dd>
          {event.traceId && <><dt>Trace</dt><dd class="mono">{event.traceId}</dd></>}
          <dt>Source</dt><dd>{event.source === 'reconciled' ? 'recovered by reconciliation' : 'sent by GitHub'}</dd>
        </dl>
      </section>
    </div>
  )
}
