import type { ResponseBody } from '@gwm/api-client'
import { StatusBadge } from '../../components/StatusBadge.tsx'
import { dateTime } from '../../lib/format.ts'
import { Link } from '../../routing/Link.tsx'
import { eventPath } from '../../routing/routes.ts'
import { TableScroll } from '../../components/TableScroll.tsx'

type EventItem = ResponseBody<'listEvents'>['events'][number]

/** One page of events, newest first. Every name in it is GitHub's text, shown as text. */
export function EventsTable({ events }: { events: EventItem[] }) {
  return (
    <TableScroll label="Events">
      <table aria-label="Events">
        <thead>
          <tr>
            <th scope="col">Delivery</th>
            <th scope="col">Event</th>
            <th scope="col">Repository</th>
            <th scope="col">Status</th>
            <th scope="col">Deployments</th>
            <th scope="col">Received</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.deliveryId}>
              <td class="mono"><Link href={eventPath(event.deliveryId)}>{event.deliveryId}</Link></td>
              <td>{event.action ? `${event.event}.${event.action}` : event.event}</td>
              <td>{event.repository?.fullName ?? '—'}</td>
              <td><StatusBadge status={event.status} /></td>
              <td>{event.requests.length === 0 ? 'none' : event.requests.map((request) => `${request.environment}: ${request.status}`).join(', ')}</td>
              <td>{dateTime(event.receivedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
