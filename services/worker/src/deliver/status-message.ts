import type { ActivityMessage } from '@gwm/queue'
import type { Outbound } from './message.ts'

/** The live feed's `request.status` message for a message's current state. */
export const statusMessage = (outbound: Outbound, at = new Date()): ActivityMessage => ({
  type: 'request.status',
  deliveryId: outbound.deliveryId,
  eventId: outbound.eventId,
  repositoryId: outbound.repositoryId,
  requestId: outbound.row.id,
  status: outbound.row.status,
  attempts: outbound.row.attempts,
  at: at.toISOString(),
})
