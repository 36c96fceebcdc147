import { call } from '@gwm/api-client'
import { useEffect, useRef } from 'preact/hooks'
import { api } from '../api.ts'
import { ErrorNotice } from '../components/ErrorNotice.tsx'
import { JsonViewer } from '../components/json/JsonViewer.tsx'
import { useRequest } from '../lib/use-request.ts'
import { useTitle } from '../lib/use-title.ts'
import { useLive } from '../live/live.ts'
import { LiveStatus } from '../live/LiveStatus.tsx'
import { Link } from '../routing/Link.tsx'
import { DeploymentRequests } from './event/DeploymentRequests.tsx'
import { EventFacts } from './event/EventFacts.tsx'
import { ReplayButton } from './event/ReplayButton.tsx'
import { ReplayFailedForm } from './event/ReplayFailedForm.tsx'

const RELOAD_AFTER_MS = 300

/** One event: what GitHub sent, what the rules decided, every request and attempt, and replay. */
export function EventPage({ deliveryId }: { deliveryId: string }) {
  useTitle(`Event ${deliveryId}`)
  const detail = useRequest(() => call(api.GET('/api/events/{deliveryId}', { params: { path: { deliveryId } } })), deliveryId)

  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  useLive((notice) => {
    if (notice.type === 'message' && notice.deliveryId !== deliveryId) return
    clearTimeout(timer.current)
    timer.current = setTimeout(detail.reload, RELOAD_AFTER_MS)
  })

  const event = detail.data
  if (detail.error?.kind === 'not_found') {
    return (
      <>
        <h1>Event not found</h1>
        <p>No event you may see has this delivery id. It may belong to a repository you do not administer, or not have arrived yet.</p>
        <p><Link href="/events">All events</Link></p>
      </>
    )
  }
  return (
    <>
      <p><Link href="/events">← All events</Link></p>
      <h1>Event {deliveryId}</h1>
      <LiveStatus />
      {detail.error && <ErrorNotice error={detail.error} onRetry={detail.reload} />}
      {!event && detail.loading && <p role="status">Loading the event…</p>}
      {event && (
        <>
          <EventFacts event={event} />
          <section aria-labelledby="requests-heading">
            <h2 id="requests-heading">Deployment requests</h2>
            <ReplayButton deliveryId={deliveryId} onDone={detail.reload} />
            <DeploymentRequests requests={event.requests} onReplayed={detail.reload} />
            {event.repository && <ReplayFailedForm fullName={event.repository.fullName} onDone={detail.reload} />}
          </section>
          <section aria-labelledby="payload-heading">
            <h2 id="payload-heading">Payload</h2>
            <JsonViewer value={event.payload} label="Payload" />
          </section>
        </>
      )}
    </>
  )
}
