import { randomUUID } from 'node:crypto'
import { type DerivedRequest, deriveRequests } from '@gwm/domain'
import type { GitHubEventJob, InboxEntry } from '@gwm/queue'
import { checkJob } from '../check-job.ts'
import { actionOf, hookIdOf, receivedAtOf, senderLogin } from '../events/delivery-fields.ts'
import { type RepositoryFields, repositoryFields } from '../events/ensure-repository.ts'
import { parsePayload, storableJsonBytes } from '../events/parse-payload.ts'

/** One inbox entry made ready for the batch write: its columns, and what the rules derived. */
export interface PreparedDelivery {
  entry: InboxEntry
  /** The row's id, chosen here so its requests can point at it within the same statement. */
  eventId: string
  deliveryId: string
  hookId: number
  event: string
  action: string | null
  sender: string | null
  receivedAt: Date
  /** What goes into the json column: the payload's bytes, unless they needed a replacement. */
  payloadBytes: Buffer
  repository: RepositoryFields | null
  derived: DerivedRequest[]
}

/**
 * The payload's fields the columns and rules read, and its bytes for the json column. The
 * ingest's view of the payload, when it sent one, spares parsing the whole payload again.
 */
function readPayload(data: GitHubEventJob, raw: Buffer): { payload: Record<string, unknown>; bytes: Buffer } {
  if (data.view) return { payload: data.view, bytes: storableJsonBytes(raw) }
  const { object, json } = parsePayload(raw.toString('utf8'))
  return { payload: object, bytes: Buffer.from(json) }
}

/** The stream id's first part is the append time in milliseconds. */
const appendedAt = (entryId: string) => Number(entryId.split('-')[0]) || Date.now()

/**
 * Parses and checks each entry as the events job would. An entry that would fail there (data
 * that does not fit, a payload that is not a JSON object) is left out, for the events queue:
 * it fails there visibly, as a job, instead of taking the whole batch down with it.
 */
export function prepareDeliveries(entries: InboxEntry[]): { ready: PreparedDelivery[]; refused: InboxEntry[] } {
  const ready: PreparedDelivery[] = []
  const refused: InboxEntry[] = []
  for (const entry of entries) {
    try {
      // The fields around the payload; the payload itself is read below, as bytes.
      const data = checkJob('github-event', { ...entry.data, payload: '' })
      const { payload, bytes } = readPayload(data, entry.payload)
      const repository = repositoryFields(payload.repository)
      ready.push({
        entry,
        eventId: randomUUID(),
        deliveryId: data.deliveryId,
        hookId: hookIdOf(data, payload),
        event: data.event,
        action: actionOf(data, payload),
        sender: senderLogin(payload),
        receivedAt: receivedAtOf(data, appendedAt(entry.entryId)),
        payloadBytes: bytes,
        repository,
        derived: repository ? deriveRequests(data.event, payload) : [],
      })
    } catch {
      refused.push(entry)
    }
  }
  return { ready, refused }
}
