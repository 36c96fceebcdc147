import type { IDeadLetter } from '@gwm/domain'
import { requeueEvent } from '@gwm/queue'
import { HttpError } from '@gwm/runtime'
import type { Queue } from 'bullmq'

/**
 * Puts a dead letter's delivery back on the events queue as it was queued (its original job and
 * delivery id, headers and raw payload). 409 for one that never was a whole delivery.
 */
export async function requeueDelivery(events: Queue, letter: IDeadLetter): Promise<void> {
  const { deliveryId, event, payload, headers } = letter
  if (!deliveryId || !event || !payload) {
    const missing = [!deliveryId && 'delivery id', !event && 'event name', !payload && 'payload'].filter(Boolean).join(', ')
    throw new HttpError(409, 'not_replayable', `dead letter ${letter.id} holds no ${missing}: it never was a whole delivery, so there is nothing to replay`)
  }
  const targetType = headers['x-github-hook-installation-target-type']
  const targetId = headers['x-github-hook-installation-target-id']
  await requeueEvent(events, letter.jobId, {
    deliveryId,
    event,
    ...(letter.action ? { action: letter.action } : {}),
    ...(letter.hookId ? { hookId: letter.hookId } : {}),
    ...(targetType ? { targetType } : {}),
    ...(targetId ? { targetId } : {}),
    receivedAt: (letter.receivedAt ?? letter.firstFailedAt).toISOString(),
    payload: payload.toString('utf8'),
  })
}
