import { randomUUID } from 'node:crypto'
import { type Delivery, repositoryFields } from '@gwm/domain'
import { actionOf, type DeliveryFields, hookIdOf, installationIdOf, receivedAtOf, senderLogin, traceparentOf } from './delivery-fields.ts'
import { parsePayload, storableJsonBytes } from './parse-payload.ts'

/**
 * The payload's fields the columns and rules read, and its bytes for the json column. The
 * ingest's view of the payload, when it sent one, spares parsing the whole payload again.
 */
function readPayload(fields: DeliveryFields, raw: Buffer): { payload: Record<string, unknown>; bytes: Buffer } {
  if (fields.view) return { payload: fields.view, bytes: storableJsonBytes(raw) }
  const { object, json } = parsePayload(raw.toString('utf8'))
  return { payload: object, bytes: Buffer.from(json) }
}

/**
 * One delivery made ready to store. `fallbackAt` is when it was queued (the inbox entry's or the
 * job's time), for a receivedAt that cannot be read. Throws UnrecoverableError, naming the
 * problem, for a payload that is not a JSON object: storing it can never succeed.
 */
export function prepareDelivery(fields: DeliveryFields, payloadBytes: Buffer, fallbackAt: number): Delivery {
  const { payload, bytes } = readPayload(fields, payloadBytes)
  return {
    eventId: randomUUID(),
    deliveryId: fields.deliveryId,
    hookId: hookIdOf(fields),
    event: fields.event,
    action: actionOf(fields, payload),
    sender: senderLogin(payload),
    receivedAt: receivedAtOf(fields, fallbackAt),
    payload,
    payloadBytes: bytes,
    repository: repositoryFields(payload.repository),
    installationId: installationIdOf(payload),
    traceparent: traceparentOf(fields),
  }
}
