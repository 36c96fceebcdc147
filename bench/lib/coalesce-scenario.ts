// One burst of the coalescing benchmark: signed pushes to the default branch of one or more
// repositories, sent open-loop within a window, then waited for until every request of theirs
// has settled, and measured from the receiver (what the platform got) and Postgres (what was
// stored and how each request ended).
import { deriveRequests } from '@gwm/domain'
import { examples, type PlatformReceiver, signedDelivery } from '@gwm/testkit'
import type pg from 'pg'
import type { Hook } from '../../tests/faults/lib/github-sender.ts'
import { countStored } from './e2e-store.ts'
import { createRawClient } from './raw-http.ts'

export interface BurstSpec {
  /** Ingest base URL. */
  target: string
  /** GitHub repository ids, one per repository pushed to at the same time. */
  repositories: number[]
  /** Pushes per repository. */
  pushes: number
  /** All pushes of all repositories leave within this many ms, evenly spaced and interleaved. */
  withinMs: number
  hook: Hook
  /** How long the platform receiver holds each answer (for the settle wait). */
  stallMs: number
  /** The longest wait for everything to settle after the last answer. */
  drainMs: number
  /** After settling, how long to watch for anything more arriving. */
  quietMs: number
}

interface SentPush {
  githubId: number
  /** 1-based, in sending order within its repository. */
  push: number
  deliveryId: string
  sentAt: number
  /** HTTP status, or 0 (no answer in time) / -1 (connection failed). */
  status: number
  answeredAt: number
  /** How late it left against its slot in the schedule, ms. */
  lateMs: number
  /** Requests the default rules derive from it. */
  expected: number
}

export interface StoredRequest {
  id: string
  githubId: number
  deliveryId: string
  environment: string
  status: string
  sequence: number | null
  supersededBy: string | null
  attempts: number
  deliveredAt: Date | null
  /** When its batch was stored (one time per storing call: requests of one batch share it). */
  createdAt: Date
}

export interface SeenCallback {
  at: number
  webhookId: string
  deliveryId: string
  githubId: number
  verified: boolean
  /** What the receiver answered; aborted: the worker hung up before it (its timeout). */
  status: number
  aborted: boolean
  sequence: number | null
  supersedes: string[]
}

export interface BurstResult {
  spec: Omit<BurstSpec, 'hook'>
  pushes: SentPush[]
  /** The 2xx-answered pushes whose event is stored (delivery GUIDs). */
  stored: Set<string>
  requests: StoredRequest[]
  /** Callbacks of these pushes, in arrival order. */
  callbacks: SeenCallback[]
  /** From the last 2xx to every request settled (none pending, delivering or waiting); undefined: the drain window closed first. */
  settledMs: number | undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const OPEN = ['pending', 'delivering', 'waiting_checks']

/** The real push example to the default branch (master), made a push to another repository and commit. */
function pushPayload(base: Record<string, unknown>, githubId: number, push: number): Record<string, unknown> {
  const name = `coalesce-${githubId}`
  const sha = (n: number) => `${githubId.toString(16)}${n.toString(16).padStart(8, '0')}`.padStart(40, '0')
  const repository = base.repository as Record<string, unknown>
  const commit = { ...(base.head_commit as Record<string, unknown>), id: sha(push), message: `change ${push}` }
  return {
    ...base,
    before: sha(push - 1),
    after: sha(push),
    head_commit: commit,
    commits: [commit],
    repository: { ...repository, id: githubId, name, full_name: `bench/${name}`, clone_url: `https://github.com/bench/${name}.git`, default_branch: 'master' },
  }
}

/** Every signed request, in sending order: push n of each repository, the repositories interleaved. */
async function plan(spec: BurstSpec) {
  const base = examples('push').find((payload) => payload.ref === 'refs/heads/master' && payload.deleted === false)
  if (!base) throw new Error('no push-to-master example payload')
  const target = new URL('/api/webhook', spec.target)
  const planned: Array<{ githubId: number; push: number; deliveryId: string; expected: number; request: Buffer[] }> = []
  for (let push = 1; push <= spec.pushes; push++) {
    for (const githubId of spec.repositories) {
      const payload = pushPayload(base, githubId, push)
      const signed = await signedDelivery({ event: 'push', payload, secret: spec.hook.secret, ...(spec.hook.id ? { hookId: spec.hook.id } : {}) })
      const body = Buffer.from(signed.body)
      const headers = Object.entries(signed.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')
      const head = Buffer.from(`POST ${target.pathname} HTTP/1.1\r\nhost: ${target.host}\r\n${headers}content-length: ${body.length}\r\n\r\n`)
      planned.push({ githubId, push, deliveryId: signed.deliveryId, expected: deriveRequests('push', payload).length, request: [head, body] })
    }
  }
  return planned
}

/** What Postgres holds for these deliveries' requests. */
async function readRequests(db: pg.Client, deliveryIds: string[]): Promise<StoredRequest[]> {
  const { rows } = await db.query<{ id: string; github_id: string; delivery_id: string; environment: string; status: string; sequence: number | null; superseded_by: string | null; attempts: number; delivered_at: Date | null; created_at: Date }>(
    `select d.id, r.github_id, e.delivery_id, d.environment, d.status, d.sequence, d.superseded_by, d.attempts, d.delivered_at, d.created_at
     from deployment_requests d join webhook_events e on e.id = d.event_id join repositories r on r.id = d.repository_id
     where e.delivery_id = any($1::text[]) order by r.github_id, d.sequence`,
    [deliveryIds],
  )
  return rows.map((row) => ({
    id: row.id,
    githubId: Number(row.github_id),
    deliveryId: row.delivery_id,
    environment: row.environment,
    status: row.status,
    sequence: row.sequence,
    supersededBy: row.superseded_by,
    attempts: row.attempts,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  }))
}

/** Which of these deliveries Postgres holds as events. */
async function storedIds(db: pg.Client, deliveryIds: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ delivery_id: string }>('select delivery_id from webhook_events where delivery_id = any($1::text[])', [deliveryIds])
  return new Set(rows.map((row) => row.delivery_id))
}

/** The receiver's requests that are callbacks of these deliveries, in arrival order. */
function callbacksOf(receiver: PlatformReceiver, pushes: Map<string, SentPush>): SeenCallback[] {
  const seen: SeenCallback[] = []
  for (const request of receiver.requests) {
    const data = request.body?.data
    const deliveryId = (data?.event as { deliveryId?: unknown } | undefined)?.deliveryId
    const push = typeof deliveryId === 'string' ? pushes.get(deliveryId) : undefined
    if (!push || !request.webhookId) continue
    seen.push({
      at: request.at,
      webhookId: request.webhookId,
      deliveryId: push.deliveryId,
      githubId: push.githubId,
      verified: request.verified,
      status: request.status,
      aborted: request.aborted,
      sequence: typeof data?.sequence === 'number' ? data.sequence : null,
      supersedes: Array.isArray(data?.supersedes) ? data.supersedes.map(String) : [],
    })
  }
  return seen
}

/** Sends the burst on its schedule, waits for it to settle, and reads what happened. */
export async function runBurst(spec: BurstSpec, env: { db: pg.Client; receiver: PlatformReceiver; log: (line: string) => void }): Promise<BurstResult> {
  const planned = await plan(spec)
  const client = createRawClient(new URL(spec.target), { timeoutMs: 10_000, now: Date.now })
  const pushes: SentPush[] = new Array(planned.length)
  const inFlight: Array<Promise<void>> = []
  const send = async (i: number, lateMs: number) => {
    const { githubId, push, deliveryId, expected, request } = planned[i]!
    const sentAt = Date.now()
    const { status, answeredAt } = await client.send(request)
    pushes[i] = { githubId, push, deliveryId, sentAt, status, answeredAt, lateMs, expected }
  }
  // Open loop: request i leaves at start + i × interval whether or not the earlier ones were answered.
  const interval = spec.withinMs / planned.length
  const start = Date.now() + 20
  for (let i = 0; i < planned.length; ) {
    const now = Date.now()
    for (; i < planned.length && start + i * interval <= now; i++) inFlight.push(send(i, now - (start + i * interval)))
    if (i < planned.length) await sleep(Math.max(0, start + i * interval - Date.now()))
  }
  await Promise.all(inFlight)
  client.close()

  const accepted = pushes.filter((push) => push.status >= 200 && push.status < 300)
  const ids = accepted.map((push) => push.deliveryId)
  const expected = accepted.reduce((sum, push) => sum + push.expected, 0)
  const lastAnswer = Math.max(...pushes.map((push) => push.answeredAt))
  env.log(`${accepted.length} of ${pushes.length} pushes answered 2xx; waiting for their requests to settle`)
  const deadline = Date.now() + spec.drainMs
  let settledMs: number | undefined
  for (;;) {
    const requests = await readRequests(env.db, ids)
    const settled = requests.length >= expected && requests.every((request) => !OPEN.includes(request.status)) && (await countStored(env.db, ids)) === accepted.length
    if (settled) {
      settledMs = Date.now() - lastAnswer
      break
    }
    if (Date.now() > deadline) break
    await sleep(100)
  }
  // Anything sent after everything settled would be a callback too many: watch for it a while.
  await sleep(spec.quietMs)

  const byDelivery = new Map(pushes.map((push) => [push.deliveryId, push]))
  const { hook: _hook, ...shown } = spec
  return {
    spec: shown,
    pushes,
    stored: await storedIds(env.db, ids),
    requests: await readRequests(env.db, ids),
    callbacks: callbacksOf(env.receiver, byDelivery),
    settledMs,
  }
}
