import type { Redis } from 'ioredis'
import type { GitHubEventJob } from './catalog.ts'

/**
 * The ingest's inbox: a Redis stream each verified delivery is appended to, in one small
 * script per delivery, before the ingest answers 2xx. The worker's relay stores its entries in
 * Postgres in batches (or queues them as `events` jobs) and deletes them.
 *
 * Why not Queue.add in the request: BullMQ's add script costs Redis ~70 µs and Node ~40 µs
 * per job (the payload is JSON-encoded inside the job data), which caps the ingest at a third
 * of what the HTTP server can take. The inbox append costs a few µs on both sides and the
 * payload bytes go to Redis as received; the worker then takes them in batches, off the request.
 *
 * Keys share the queue prefix, so with a hash-tagged prefix ({gwm}) they live in the same
 * Redis Cluster slot as the queue.
 */
export const inboxKeys = (prefix: string) => ({
  stream: `${prefix}:inbox`,
  seen: (jobId: string) => `${prefix}:inbox:seen:${jobId}`,
  body: (hookId: string | undefined, sha256: string) => `${prefix}:inbox:body:${hookId ?? '-'}:${sha256}`,
})

/** The consumer group the worker's relays read the inbox with. */
export const RELAY_GROUP = 'relay'

/**
 * How long a delivery id is remembered at the door: the same delivery again within this
 * window appends nothing. Later redeliveries are still harmless: the relay's job id and the
 * worker's unique (hook id, delivery id) row make them no-ops.
 */
export const SEEN_TTL_SECONDS = 3_600

/**
 * How long a body is remembered per hook: GitHub signs the body only, so a captured delivery
 * re-sent with a fresh X-GitHub-Delivery verifies. The same body under another delivery id
 * within this window appends nothing. GitHub redelivers for 3 days (with the same id, which is
 * let through); an hour more covers a redelivery asked for at the end of that window.
 */
export const BODY_SEEN_TTL_SECONDS = 73 * 3_600

/** A verified delivery ready to be stored: its job id, its fields and the payload bytes. */
export interface InboxDelivery {
  jobId: string
  data: Omit<GitHubEventJob, 'payload'>
  /** The JSON payload: the request body as received (JSON deliveries), or the form's decoded field. */
  payload: Buffer | string
  /** The SHA-256 of the signed body (base64url), when the body is to be stored once per hook. */
  bodySha256?: string
}

// KEYS: seen, stream, and the body's mark when there is one. ARGV: ttl, body ttl, then the
// entry's field/value pairs (the first pair is 'id' and the job id).
// Returns the new entry id, or false when the delivery was seen within the window, or its body
// was, under another job id. The marks are set after the append: a script stopped by an error
// keeps what it already wrote, and a mark without its entry would turn the redelivery into a
// 2xx for nothing stored.
const APPEND = `
if redis.call('EXISTS', KEYS[1]) == 1 then return false end
if KEYS[3] then
  local first = redis.call('GET', KEYS[3])
  if first and first ~= ARGV[4] then return false end
end
local id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[2]) end
return id`

interface InboxCommands {
  gwmInboxAppend(keys: number, ...args: Array<string | number | Buffer>): Promise<string | null>
}

/** Registers the append script on a connection (ioredis sends EVALSHA, EVAL on a cache miss). */
export function defineInboxCommands(redis: Redis): Redis & InboxCommands {
  // No fixed number of keys: the body's mark is the third when there is one.
  if (!('gwmInboxAppend' in redis)) redis.defineCommand('gwmInboxAppend', { lua: APPEND })
  return redis as Redis & InboxCommands
}

const entryFields = ({ jobId, data, payload }: InboxDelivery): Array<string | Buffer> => ['id', jobId, 'data', JSON.stringify(data), 'payload', payload]

/**
 * Appends deliveries in one pipeline (one round trip). Resolves, per delivery, to true when it
 * was appended and false when it was already there (or its body, under another delivery id); rejects if Redis did not confirm all of
 * them, so no caller answers 2xx for a delivery that may not be stored.
 */
export async function appendToInbox(redis: Redis, prefix: string, deliveries: InboxDelivery[]): Promise<boolean[]> {
  const keys = inboxKeys(prefix)
  const commands = defineInboxCommands(redis)
  const pipeline = commands.pipeline() as unknown as InboxCommands & { exec(): Promise<Array<[Error | null, unknown]> | null> }
  for (const delivery of deliveries) {
    const marks = delivery.bodySha256 === undefined ? [keys.seen(delivery.jobId), keys.stream] : [keys.seen(delivery.jobId), keys.stream, keys.body(delivery.data.hookId, delivery.bodySha256)]
    pipeline.gwmInboxAppend(marks.length, ...marks, SEEN_TTL_SECONDS, BODY_SEEN_TTL_SECONDS, ...entryFields(delivery))
  }
  const replies = await pipeline.exec()
  if (!replies) throw new Error('the inbox pipeline was discarded')
  return replies.map(([error, reply]) => {
    if (error) throw error
    return reply !== null
  })
}

/** One inbox entry read back: the stream id, the job id, the job's fields and the payload bytes. */
export interface InboxEntry {
  entryId: string
  jobId: string
  data: Omit<GitHubEventJob, 'payload'>
  /**
   * The payload as stored (UTF-8 JSON), as bytes: the worker hands them to Postgres as they are,
   * and bytes stay off the JavaScript heap (a batch of payload strings cost most of its garbage).
   */
  payload: Buffer
}

/** The `events` job an inbox entry becomes: its fields, with the payload as text. */
export const inboxJobData = (entry: InboxEntry): GitHubEventJob => ({ ...entry.data, payload: entry.payload.toString('utf8') })

/** Decodes an XRANGE/XREADGROUP entry read as bytes; undefined when it is not one of ours (or was deleted). */
export function decodeInboxEntry(entryId: Buffer | string, fields: Buffer[] | null): InboxEntry | undefined {
  if (!fields) return undefined
  const values = new Map<string, Buffer>()
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!.toString(), fields[i + 1]!)
  const jobId = values.get('id')?.toString()
  const data = values.get('data')?.toString()
  const payload = values.get('payload')
  if (!jobId || !data || payload === undefined) return undefined
  return { entryId: entryId.toString(), jobId, data: JSON.parse(data) as Omit<GitHubEventJob, 'payload'>, payload }
}

/** How far the worker is behind: deliveries in the inbox (read or not, none stored yet), and how long ago the oldest was appended. */
export interface InboxBacklog {
  depth: number
  /** By Redis's own clock (the stream id is its append time); 0 when the inbox is empty. */
  oldestAgeSeconds: number
}

// KEYS: the stream. Returns its length, the oldest entry's id (false when empty) and Redis's time.
// In a script so that only the id comes back: the oldest entry's payload never leaves Redis.
const BACKLOG = `
local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)[1]
return {redis.call('XLEN', KEYS[1]), oldest and oldest[1] or false, redis.call('TIME')}`

/** The inbox's backlog in one round trip (the relay deletes what it stored: the oldest entry is the oldest not stored). */
export async function inboxBacklog(redis: Redis, prefix: string): Promise<InboxBacklog> {
  if (!('gwmInboxBacklog' in redis)) redis.defineCommand('gwmInboxBacklog', { lua: BACKLOG, numberOfKeys: 1 })
  const commands = redis as Redis & { gwmInboxBacklog(stream: string): Promise<[number, string | null, [string, string]]> }
  const [depth, oldestId, [seconds, micros]] = await commands.gwmInboxBacklog(inboxKeys(prefix).stream)
  if (!oldestId) return { depth, oldestAgeSeconds: 0 }
  const nowMs = Number(seconds) * 1_000 + Number(micros) / 1_000
  return { depth, oldestAgeSeconds: Math.max(0, (nowMs - Number(oldestId.split('-')[0])) / 1_000) }
}

/** Every entry still in the inbox, oldest first (tests). */
export async function readInbox(redis: Redis, prefix: string): Promise<InboxEntry[]> {
  const entries = (await redis.xrangeBuffer(inboxKeys(prefix).stream, '-', '+')) as Array<[Buffer, Buffer[]]>
  return entries.map(([id, fields]) => decodeInboxEntry(id, fields)).filter((entry): entry is InboxEntry => entry !== undefined)
}
