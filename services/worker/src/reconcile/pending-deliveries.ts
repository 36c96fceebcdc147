import { decodeInboxEntry, inboxKeys } from '@gwm/queue'
import type { Queue } from 'bullmq'
import type { Redis } from 'ioredis'

/** Past this many deliveries waiting, the run cannot look at each: it judges nothing this time. */
const MAX_PENDING = 20_000
const MAX_QUEUED = 2_000
const CHUNK = 500

/** The key of one push: the repository's GitHub id, the ref and the head it moves to. */
export const pushKey = (githubId: number, ref: string, after: string) => `${githubId}|${ref}|${after}`

/** The push a delivery's fields (the ingest's view of its payload, or the payload) describe, as a key. */
function keyOf(event: string | undefined, view: unknown, payload: () => string | undefined): string | null {
  if (event !== 'push') return null
  let fields = view as { ref?: unknown; after?: unknown; repository?: { id?: unknown } } | undefined
  if (!fields) {
    try {
      fields = JSON.parse(payload() ?? 'null') ?? undefined
    } catch {
      return null
    }
  }
  const { ref, after } = fields ?? {}
  const id = fields?.repository?.id
  return typeof ref === 'string' && typeof after === 'string' && typeof id === 'number' ? pushKey(id, ref, after) : null
}

/** Deliveries GitHub made that are not stored yet, by delivery id, and the pushes among them, by pushKey. */
export interface PendingDeliveries {
  deliveryIds: Set<string>
  pushes: Set<string>
}

/**
 * The deliveries GitHub made that are not stored yet: in the ingest's inbox, or queued as
 * `events` jobs (a batch that could not be stored, retrying). Read before Postgres is asked, so a
 * delivery moving from here to Postgres meanwhile is seen in one or the other. null when too many
 * wait to look at each (a backlog): then nothing can be judged missed.
 */
export async function pendingDeliveries(redis: Redis, prefix: string, events: Queue): Promise<PendingDeliveries | null> {
  const pending: PendingDeliveries = { deliveryIds: new Set(), pushes: new Set() }
  const stream = inboxKeys(prefix).stream
  if ((await redis.xlen(stream)) > MAX_PENDING) return null
  let start = '-'
  for (;;) {
    const entries = (await redis.xrangeBuffer(stream, start, '+', 'COUNT', CHUNK)) as Array<[Buffer, Buffer[]]>
    for (const [id, fields] of entries) {
      const entry = decodeInboxEntry(id, fields)
      if (!entry) continue
      pending.deliveryIds.add(entry.data.deliveryId)
      const key = keyOf(entry.data.event, entry.data.view, () => entry.payload.toString('utf8'))
      if (key) pending.pushes.add(key)
    }
    if (entries.length < CHUNK) break
    start = `(${entries.at(-1)![0].toString()}`
  }
  const states = ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children'] as const
  const counts = await events.getJobCounts(...states)
  // Jobs carry their payloads: only a few are read one by one.
  if (Object.values(counts).reduce((sum, n) => sum + n, 0) > MAX_QUEUED) return null
  for (const job of await events.getJobs([...states], 0, -1, true)) {
    const data = job?.data as { deliveryId?: string; event?: string; view?: unknown; payload?: string } | undefined
    if (!data) continue
    if (typeof data.deliveryId === 'string') pending.deliveryIds.add(data.deliveryId)
    const key = keyOf(data.event, data.view, () => data.payload)
    if (key) pending.pushes.add(key)
  }
  return pending
}
