import { createQueue, createRedis, inboxKeys, QUEUES, waitForRedis } from '@gwm/queue'
import type { PlatformReceiver, TestLike } from '@gwm/testkit'
import pg from 'pg'
import type { Test } from 'tap'
import type { Delivery } from './github-sender.ts'
import type { LogBook } from './processes.ts'
import { sleep } from './processes.ts'

interface RequestRow {
  id: string
  status: string
  attempts: number
  lastError: string | null
  /** hook id / delivery GUID of its event. */
  key: string
  /** repository row id / environment: where one callback at a time is in flight. */
  environment: string
  sequence: number | null
}

export interface StoreSnapshot {
  /** Rows in webhook_events per hook id / delivery GUID. */
  events: Map<string, number>
  requests: RequestRow[]
  /** Stored callback attempts per request, and how many of them were 2xx. */
  attempts: Map<string, { total: number; ok: number }>
  /** Failed attempts by what went wrong (HTTP status, timeout, network), for the run's summary. */
  failures: Record<string, number>
}

/** What Postgres holds, read straight from the tables (no ORM, no service code). */
export async function readStore(databaseUrl: string): Promise<StoreSnapshot> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const events = await client.query<{ key: string; n: string }>(`select hook_id || '/' || delivery_id as key, count(*) as n from webhook_events group by 1`)
    const requests = await client.query<{ id: string; status: string; attempts: number; last_error: string | null; key: string; environment: string; sequence: number | null }>(
      `select r.id, r.status, r.attempts, r.last_error, e.hook_id || '/' || e.delivery_id as key, r.repository_id || '/' || r.environment as environment, r.sequence
       from deployment_requests r join webhook_events e on e.id = r.event_id`,
    )
    const attempts = await client.query<{ id: string; total: string; ok: string }>(
      `select request_id as id, count(*) as total, count(*) filter (where status_code between 200 and 299) as ok from callback_attempts where request_id is not null group by 1`,
    )
    const failures = await client.query<{ reason: string; n: string }>(
      `select coalesce(status_code::text, case when error like 'timed out%' then 'timeout' else 'network' end) as reason, count(*) as n from callback_attempts where status_code is null or status_code >= 300 group by 1`,
    )
    return {
      failures: Object.fromEntries(failures.rows.map((row) => [row.reason, Number(row.n)])),
      events: new Map(events.rows.map((row) => [row.key, Number(row.n)])),
      requests: requests.rows.map((row) => ({ id: row.id, status: row.status, attempts: row.attempts, lastError: row.last_error, key: row.key, environment: row.environment, sequence: row.sequence })),
      attempts: new Map(attempts.rows.map((row) => [row.id, { total: Number(row.total), ok: Number(row.ok) }])),
    }
  } finally {
    await client.end()
  }
}

const OPEN_STATES = ['active', 'wait', 'delayed', 'prioritized', 'waiting-children'] as const
/** Where a request rests: sent (delivered), given up (failed), or never to be sent (superseded by a newer one of its environment, cancelled). */
const SETTLED = new Set(['delivered', 'failed', 'superseded', 'cancelled'])
const NEVER_SENT = new Set(['superseded', 'cancelled'])
const ALL_STATES = [...OPEN_STATES, 'failed', 'completed'] as const
export type QueueCounts = Record<string, Record<string, number>>

/**
 * BullMQ's own view of both queues, and the inbox's length (through the services' connection
 * factory). A read that fails drops the connection, and the next read opens a fresh one: the
 * run restarts Redis, and the harness's own client must not be what keeps it from settling.
 */
export async function openQueues(t: TestLike, redisUrl: string, prefix: string) {
  const open = () => {
    const redis = createRedis(redisUrl, 'producer', 'fault-checks')
    return { redis, queues: [createQueue(QUEUES.events, redis, prefix), createQueue(QUEUES.callbacks, redis, prefix)] }
  }
  const close = async (connection: ReturnType<typeof open>) => {
    await Promise.all(connection.queues.map((queue) => queue.close().catch(() => {})))
    connection.redis.disconnect()
  }
  let connection = open()
  t.teardown(() => close(connection))
  await waitForRedis(connection.redis, 10_000)
  async function read<T>(use: (current: ReturnType<typeof open>) => Promise<T>): Promise<T> {
    const current = connection
    try {
      await waitForRedis(current.redis, 5_000)
      return await use(current)
    } catch (error) {
      if (connection === current) {
        connection = open()
        void close(current)
      }
      throw error
    }
  }
  return {
    /** The events and callbacks queues of the current connection. */
    get queues() {
      return connection.queues
    },
    counts: () =>
      read(async ({ redis, queues }): Promise<QueueCounts> => {
        const entries = await Promise.all(queues.map(async (queue) => [queue.name, await queue.getJobCounts(...ALL_STATES)] as const))
        // The ingest's inbox, before the worker's relay moves it into the events queue.
        const inbox = { wait: await redis.xlen(inboxKeys(prefix).stream) }
        return { ...Object.fromEntries(entries), inbox }
      }),
    /** Ids and failure reasons of failed jobs, to explain a failure. */
    failed: () =>
      read(async ({ queues }) => {
        const jobs = await Promise.all(queues.map((queue) => queue.getFailed(0, 20)))
        return jobs.flat().map((job) => ({ queue: job.queueName, id: job.id, reason: job.failedReason, attempts: job.attemptsMade }))
      }),
  }
}

const openJobs = (counts: QueueCounts) => Object.values(counts).reduce((sum, byState) => sum + OPEN_STATES.reduce((n, state) => n + (byState[state] ?? 0), 0), 0)

export interface Settled {
  store: StoreSnapshot
  counts: QueueCounts
  ms: number
  settled: boolean
}

/** A read of the settle loop that does not answer within this long counts as failed. */
const READ_TIMEOUT_MS = 10_000

async function bounded<T>(read: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS)
  })
  return Promise.race([read, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Waits (bounded) until every acknowledged delivery has its row, every deployment request
 * is delivered or failed, and neither queue holds open work. When the system does not settle,
 * the checks afterwards say what is missing; when the store or the queues could not even be
 * read by the deadline, it throws with the last error of each, so the run fails with the
 * reason instead of at the test's own timeout.
 */
export async function settle(options: { databaseUrl: string; acked: Map<string, Delivery>; queues: Awaited<ReturnType<typeof openQueues>>; timeoutMs: number }): Promise<Settled> {
  const started = Date.now()
  const errors: string[] = []
  const failed = (what: string) => (error: Error) => {
    errors.push(`${what}: ${error.message}`)
    return undefined
  }
  for (;;) {
    const store = await bounded(readStore(options.databaseUrl), 'the store').catch(failed('the store'))
    const counts = await bounded(options.queues.counts(), 'the queues').catch(failed('the queues'))
    const late = Date.now() - started > options.timeoutMs
    if (store && counts) {
      const stored = [...options.acked.keys()].every((key) => store.events.has(key))
      const final = store.requests.every((row) => SETTLED.has(row.status))
      const settled = stored && final && openJobs(counts) === 0
      if (settled || late) return { store, counts, ms: Date.now() - started, settled }
    } else if (late) {
      throw new Error(`not settled, and not readable, ${Date.now() - started} ms after the last delivery: ${errors.slice(-4).join('; ')}`)
    }
    await sleep(500)
  }
}

/** Every acknowledged delivery is in Postgres exactly once, with the requests the rules derive. */
export function checkStore(t: Test, acked: Map<string, Delivery>, store: StoreSnapshot) {
  const missing = [...acked.keys()].filter((key) => !store.events.has(key))
  const doubled = [...store.events].filter(([, n]) => n !== 1).map(([key]) => key)
  const unknown = [...store.events.keys()].filter((key) => !acked.has(key))
  t.same(missing, [], `every acknowledged delivery is stored (${acked.size} acknowledged, ${store.events.size} stored)`)
  t.same(doubled, [], 'no delivery is stored twice')
  t.same(unknown, [], 'nothing is stored that was never sent')

  const perEvent = new Map<string, number>()
  for (const row of store.requests) perEvent.set(row.key, (perEvent.get(row.key) ?? 0) + 1)
  const wrong = [...acked.values()].filter((d) => (perEvent.get(d.key) ?? 0) !== d.expectedRequests).map((d) => `${d.key} ${d.event}: ${perEvent.get(d.key) ?? 0} of ${d.expectedRequests}`)
  const expected = [...acked.values()].reduce((sum, d) => sum + d.expectedRequests, 0)
  t.same(wrong.slice(0, 10), [], `each event has the deployment requests its rules derive (${expected} in all)`)
}

/**
 * The part of a callback body that must not change between attempts. The repository's name,
 * default branch and visibility are read when each attempt is sent, so they follow the
 * repository (real example payloads disagree on Hello-World's default branch): left out.
 */
function stablePart(body: ReceivedBody): string {
  const data = { ...body?.data }
  const repository = data.repository as { id?: unknown } | undefined
  data.repository = { id: repository?.id }
  return JSON.stringify({ ...body, data })
}
type ReceivedBody = PlatformReceiver['requests'][number]['body']

/**
 * Every deployment request reached the platform at least once, signed, under its own id as
 * webhook-id, with the same message on every attempt; and nothing else was sent.
 */
export function checkCallbacks(t: Test, store: StoreSnapshot, receiver: PlatformReceiver) {
  const ids = new Set(store.requests.map((row) => row.id))
  const bodies = new Map<string, Set<string>>()
  for (const request of receiver.requests) {
    const id = request.webhookId ?? '(none)'
    if (!bodies.has(id)) bodies.set(id, new Set())
    bodies.get(id)!.add(stablePart(request.body))
  }
  const delivered = new Set(receiver.delivered().map((request) => request.webhookId))
  // One callback in flight per environment, the newest superseding what was not sent yet: every
  // request is delivered or superseded, and each environment's newest is delivered.
  const notDelivered = store.requests.filter((row) => NEVER_SENT.has(row.status) ? false : row.status !== 'delivered' || !delivered.has(row.id))
  const superseded = store.requests.filter((row) => row.status === 'superseded').length
  t.same(notDelivered.slice(0, 10).map((row) => `${row.id} ${row.status} ${row.lastError ?? ''}`), [], `every deployment request was delivered, or never to be sent: superseded by a newer one or a repeated teardown (${store.requests.length} requests, ${superseded} superseded)`)
  const newest = new Map<string, (typeof store.requests)[number]>()
  for (const row of store.requests) {
    if (NEVER_SENT.has(row.status)) continue
    if ((row.sequence ?? 0) >= (newest.get(row.environment)?.sequence ?? 0)) newest.set(row.environment, row)
  }
  const newestNotSent = [...newest.values()].filter((row) => row.status !== 'delivered' || !delivered.has(row.id))
  t.same(newestNotSent.slice(0, 10).map((row) => `${row.environment} ${row.status}`), [], `each environment's newest request was delivered (${newest.size} environments)`)
  t.same(receiver.requests.filter((request) => !request.verified).length, 0, 'every callback carried a valid Standard Webhooks signature')
  t.same([...bodies.keys()].filter((id) => !ids.has(id)), [], 'every webhook-id is the id of a stored request')
  const unstable = [...bodies].filter(([id, seen]) => seen.size !== 1 || !seen.values().next().value?.includes(`"id":"${id}"`))
  t.same(unstable.map(([id]) => id).slice(0, 10), [], 'each webhook-id came with one message, whose id is the webhook-id')
  const unrecorded = store.requests.filter((row) => row.status === 'delivered' && !(store.attempts.get(row.id)?.ok ?? 0))
  t.same(unrecorded.map((row) => row.id).slice(0, 10), [], 'each delivered request has its successful attempt stored')
  const accepted = new Map<string | undefined, number>()
  for (const request of receiver.delivered()) accepted.set(request.webhookId, (accepted.get(request.webhookId) ?? 0) + 1)
  const repeats = [...accepted.values()].filter((n) => n > 1).length
  t.comment(`platform: ${receiver.requests.length} calls, ${receiver.delivered().length} accepted, ${repeats} request(s) accepted more than once (at least once is the contract); failed attempts stored: ${JSON.stringify(store.failures)}`)
}

/** No job is left waiting, running, delayed or failed in either queue, and the inbox is empty. */
export function checkQueues(t: Test, counts: QueueCounts) {
  for (const [queue, byState] of Object.entries(counts)) {
    const open = Object.fromEntries([...OPEN_STATES, 'failed'].map((state) => [state, byState[state] ?? 0]))
    t.same(open, Object.fromEntries([...OPEN_STATES, 'failed'].map((state) => [state, 0])), `no ${queue} job is stuck (${byState.completed ?? 0} completed)`)
  }
}

/** No secret or token appears in any line any process wrote; and there were lines to look at. */
export function checkLogs(t: Test, logs: LogBook, secrets: string[]) {
  const leaks = logs.lines.filter((line) => secrets.some((secret) => line.text.includes(secret)))
  t.ok(logs.lines.length > 0, `${logs.lines.length} log lines captured`)
  // The report names where a secret leaked, never the secret itself.
  const mask = (text: string) => secrets.reduce((masked, secret) => masked.replaceAll(secret, '<SECRET>'), text)
  t.same(leaks.slice(0, 5).map((line) => `${line.process}: ${mask(line.text).slice(0, 300)}`), [], `no secret in any log line (${secrets.length} secrets looked for)`)
}
