import type { Redis } from 'ioredis'

/**
 * The live feed behind the events API's Server-Sent Events: the worker appends one message
 * per stored event and per callback status change, the gateway one per status the platform
 * reports, to a Redis stream; every gateway replica reads it and forwards to the clients
 * allowed to see that repository. The stream's entry ids order the messages: a client that
 * reconnects with the last id it saw is sent what came after, as long as the stream still
 * holds it (the last ~ACTIVITY_KEPT messages); past that it re-reads GET /api/events.
 */
export type ActivityMessage =
  | {
      type: 'event.stored'
      deliveryId: string
      eventId: string
      repositoryId: string | null
      event: string
      action: string | null
      requests: number
      at: string
    }
  | {
      type: 'request.status'
      deliveryId: string | null
      eventId: string | null
      repositoryId: string | null
      requestId: string
      status: 'pending' | 'delivering' | 'delivered' | 'failed' | 'cancelled' | 'waiting_checks' | 'blocked' | 'superseded'
      attempts: number
      at: string
    }
  | {
      /** The platform reported a status of a request (POST /api/deployments/{id}/statuses); the gateway publishes it. */
      type: 'request.platform_status'
      deliveryId: string | null
      eventId: string | null
      repositoryId: string | null
      requestId: string
      statusId: string
      state: 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive'
      /** false: kept as history only (it ranks below the request's current state). */
      applied: boolean
      /** The request's current state and URL after it. */
      platformState: string | null
      environmentUrl: string | null
      at: string
    }

const ACTIVITY_TYPES = new Set<string>(['event.stored', 'request.status', 'request.platform_status'])

/** About this many messages are kept (Redis trims whole nodes past it): how far back a reconnect reaches. */
const ACTIVITY_KEPT = 10_000

export const activityStream = (prefix: string) => `${prefix}:activity`

/** A message with its stream entry id ("<ms>-<seq>"), which orders it among all others. */
export interface ActivityEntry {
  id: string
  message: ActivityMessage
}

/** XADD's arguments after the key: trimmed to about ACTIVITY_KEPT, the message as field "m". */
const entry = (message: ActivityMessage) => ['MAXLEN', '~', ACTIVITY_KEPT, '*', 'm', JSON.stringify(message)] as const

/** Fire and forget: a missed live message never fails the job that caused it. */
export function publishActivity(redis: Redis, prefix: string, message: ActivityMessage): void {
  redis.xadd(activityStream(prefix), ...entry(message)).catch(() => {})
}

/** Several messages in one round trip (a batch of events stored together). */
export function publishActivities(redis: Redis, prefix: string, messages: ActivityMessage[]): void {
  if (messages.length === 0) return
  const key = activityStream(prefix)
  const pipeline = redis.pipeline()
  for (const message of messages) pipeline.xadd(key, ...entry(message))
  pipeline.exec().catch(() => {})
}

function parseActivity(raw: string): ActivityMessage | undefined {
  try {
    const message = JSON.parse(raw) as ActivityMessage
    return ACTIVITY_TYPES.has(message.type) ? message : undefined
  } catch {
    return undefined
  }
}

type RawEntry = [id: string, fields: string[]]

/** Stream entries as messages; entries that are not one (another writer's) are skipped. */
export function activityEntries(raw: RawEntry[]): ActivityEntry[] {
  const entries: ActivityEntry[] = []
  for (const [id, fields] of raw) {
    const message = parseActivity(fields[fields.indexOf('m') + 1] ?? '')
    if (message) entries.push({ id, message })
  }
  return entries
}

/** Orders two entry ids (negative: a comes first). */
export function compareActivityIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map(BigInt)
  const [bMs = 0n, bSeq = 0n] = b.split('-').map(BigInt)
  if (aMs !== bMs) return aMs < bMs ? -1 : 1
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1
}

/** The id of the newest message, "0-0" when there is none yet: where a reader starts to see only what comes next. */
export async function latestActivityId(redis: Redis, prefix: string): Promise<string> {
  const [last] = (await redis.xrevrange(activityStream(prefix), '+', '-', 'COUNT', 1)) as RawEntry[]
  return last?.[0] ?? '0-0'
}

interface ActivityPage {
  /** The stream no longer holds everything after the id asked for: trimmed past it, or lost with Redis' data (an id newer than any written). */
  gap: boolean
  entries: ActivityEntry[]
  /** The newest id written. */
  latest: string
  /** The last entry read when the page was full (ask again after it), else null. */
  next: string | null
}

/**
 * Up to `count` entries after `after`, oldest first, unless there is a gap. Read in one
 * transaction, so a trim cannot fall between the check and the read.
 */
export async function activitySince(redis: Redis, prefix: string, after: string, count: number): Promise<ActivityPage> {
  const key = activityStream(prefix)
  const results = await redis.multi().exists(key).xinfo('STREAM', key).xrange(key, `(${after}`, '+', 'COUNT', count).exec()
  if (!results || results.some(([err], i) => err && i !== 1)) throw results?.find(([err]) => err)?.[0] ?? new Error('activity stream: transaction aborted')
  const exists = results[0]?.[1] === 1
  const raw = (results[2]?.[1] ?? []) as RawEntry[]
  if (!exists) return { gap: after !== '0-0', entries: [], latest: '0-0', next: null }
  const info = results[1]?.[1] as Array<string | number | null | unknown[]>
  const field = (name: string) => info[info.indexOf(name) + 1]
  const latest = String(field('last-generated-id'))
  const length = Number(field('length'))
  const trimmed = Number(field('entries-added')) > length
  const first = (field('first-entry') as [string] | null)?.[0] ?? null
  const kept = !trimmed || (first === null ? compareActivityIds(after, latest) >= 0 : compareActivityIds(after, first) >= 0)
  const gap = !kept || compareActivityIds(after, latest) > 0
  if (gap) return { gap, entries: [], latest, next: null }
  return { gap, entries: activityEntries(raw), latest, next: raw.length === count ? (raw.at(-1)?.[0] ?? null) : null }
}
