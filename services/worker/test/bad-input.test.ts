import { randomUUID } from 'node:crypto'
import { DeploymentRequest, User, WebhookEvent } from '@gwm/domain'
import { JOBS } from '@gwm/queue'
import { example, examples } from '@gwm/testkit'
import type { Job, Queue } from 'bullmq'
import type { InjectOptions } from 'fastify'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

/**
 * Every hostile input the worker is tried with. Its inputs are job data from Redis and a
 * small HTTP surface. A job the worker cannot use must end at its first attempt as a failed
 * job with a reason that says what is wrong (BullMQ's UnrecoverableError: retrying cannot
 * help), never be retried for days, never write a partial row and never take the process
 * down; the rows that say "stored" are inputs the worker is expected to take as they are.
 */
const b = await backing(t)
const worker = await startWorker(t, b)
const em = () => b.orm.em.fork()
const pushToDefault = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!

// A user, and a request whose callback went out: what stray jobs might touch.
const setup = em()
const user = setup.create(User, { githubId: 583231, login: 'octocat' })
await setup.flush()
const waitingDelivery = await b.addEvent('push', pushToDefault())
await b.receiver.waitFor(() => b.receiver.requests.length === 1)
const stored = await em().findOneOrFail(WebhookEvent, { deliveryId: waitingDelivery })
const openRequest = await em().findOneOrFail(DeploymentRequest, { event: stored.id })

// Each table's rows as text (an event's payload left out: it is written once, with its row).
const TABLES: Record<string, string> = {
  users: 't::text',
  repositories: 't::text',
  webhooks: 't::text',
  webhook_events: '(t.id, t.delivery_id, t.hook_id, t.event, t.action, t.repository_id, t.sender, t.received_at)::text',
  deployment_requests: 't::text',
  callback_attempts: 't::text',
  platform_notices: 't::text',
}
const ROWS = `select (select count(*)::int from webhook_events) as events, ${Object.entries(TABLES).map(([table, row]) => `(select md5(coalesce(string_agg(${row}, '|' order by t.id), '')) from ${table} t) as ${table}`).join(', ')}`

/** Every row of every table (a digest of each), and how many events: a rejected job changes none. */
async function snapshot(): Promise<Record<string, string | number>> {
  const [rows] = await b.orm.em.getConnection().execute<Array<Record<string, string | number>>>(ROWS)
  return rows!
}

const githubEvent = (overrides: Record<string, unknown> = {}) => ({
  deliveryId: randomUUID(),
  event: 'push',
  hookId: '4242',
  receivedAt: new Date().toISOString(),
  payload: JSON.stringify(pushToDefault()),
  ...overrides,
})
const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
const withRepository = (extra: Record<string, unknown>) => JSON.stringify({ ...example('issues'), ...extra })

interface JobCase {
  name: string
  queue: 'events' | 'callbacks'
  job: { name: string; data: unknown }
  /** failed at the first attempt with this reason, or stored (completed) with these new rows. */
  expect: { state: 'failed'; reason: RegExp } | { state: 'completed'; events?: number }
}

const cases: JobCase[] = [
  // github-event: fields missing or of the wrong type
  { name: 'github-event without deliveryId', queue: 'events', job: { name: 'github-event', data: githubEvent({ deliveryId: undefined }) }, expect: { state: 'failed', reason: /deliveryId/ } },
  { name: 'github-event with an empty deliveryId', queue: 'events', job: { name: 'github-event', data: githubEvent({ deliveryId: '' }) }, expect: { state: 'failed', reason: /deliveryId/ } },
  { name: 'github-event with a numeric deliveryId', queue: 'events', job: { name: 'github-event', data: githubEvent({ deliveryId: 12345 }) }, expect: { state: 'failed', reason: /deliveryId/ } },
  { name: 'github-event with a deliveryId of 1,000 characters', queue: 'events', job: { name: 'github-event', data: githubEvent({ deliveryId: 'd'.repeat(1000) }) }, expect: { state: 'failed', reason: /deliveryId/ } },
  { name: 'github-event without event', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: undefined }) }, expect: { state: 'failed', reason: /event/ } },
  { name: 'github-event with an event name of 1,000 characters', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'e'.repeat(1000) }) }, expect: { state: 'failed', reason: /event/ } },
  { name: 'github-event with an object as event', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: { name: 'push' } }) }, expect: { state: 'failed', reason: /event/ } },
  { name: 'github-event without payload', queue: 'events', job: { name: 'github-event', data: githubEvent({ payload: undefined }) }, expect: { state: 'failed', reason: /payload/ } },
  { name: 'github-event with the payload as an object, not JSON text', queue: 'events', job: { name: 'github-event', data: githubEvent({ payload: pushToDefault() }) }, expect: { state: 'failed', reason: /payload/ } },
  // The ingest checks these too; the worker must not rely on it.
  { name: 'github-event with a payload view that is not an object', queue: 'events', job: { name: 'github-event', data: githubEvent({ view: 'repository' }) }, expect: { state: 'failed', reason: /view/ } },
  { name: 'github-event with a payload view that is an array', queue: 'events', job: { name: 'github-event', data: githubEvent({ view: [1, 2] }) }, expect: { state: 'failed', reason: /view/ } },
  { name: 'github-event whose payload is not JSON', queue: 'events', job: { name: 'github-event', data: githubEvent({ payload: '{"ref": "refs/heads/main",' }) }, expect: { state: 'failed', reason: /payload is not valid JSON/ } },
  { name: 'github-event whose payload is empty', queue: 'events', job: { name: 'github-event', data: githubEvent({ payload: '' }) }, expect: { state: 'failed', reason: /payload is not valid JSON/ } },
  ...['[1,2,3]', '"push"', '42', 'null', 'true'].map((payload): JobCase => ({
    name: `github-event whose payload is JSON ${payload}`,
    queue: 'events',
    job: { name: 'github-event', data: githubEvent({ payload }) },
    expect: { state: 'failed', reason: /payload is not a JSON object/ },
  })),
  { name: 'github-event whose payload is arrays nested 100,000 deep', queue: 'events', job: { name: 'github-event', data: githubEvent({ payload: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }) }, expect: { state: 'failed', reason: /payload is not a JSON object/ } },

  // github-event: odd but well-formed (the ingest accepts all of these with a valid signature)
  { name: 'github-event with an unreadable receivedAt (the job time is used)', queue: 'events', job: { name: 'github-event', data: githubEvent({ receivedAt: 'yesterday', event: 'issues', payload: JSON.stringify(example('issues')) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event with a hook id that is not a number (stored as hook 0)', queue: 'events', job: { name: 'github-event', data: githubEvent({ hookId: 'abc', event: 'issues', payload: JSON.stringify(example('issues')) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event with an unknown event name', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'made_up_event', payload: JSON.stringify(example('issues')) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event whose payload is objects nested 10,000 deep', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'issues', payload: deep(10_000) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event whose payload holds NUL characters', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'issues', payload: withRepository({ note: 'a\u0000b', 'k\u0000ey': 1 }) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event whose payload holds a lone surrogate', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'issues', payload: withRepository({ note: '\\ud800' }).replace('"\\\\ud800"', '"\\ud800"') }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event with an action of 1,000 characters', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'issues', action: 'a'.repeat(1000), payload: JSON.stringify(example('issues')) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event whose sender login has 1,000 characters', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'issues', payload: withRepository({ sender: { login: 's'.repeat(1000) } }) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event pushing a branch name of 1,000 characters', queue: 'events', job: { name: 'github-event', data: githubEvent({ payload: JSON.stringify({ ...pushToDefault(), ref: `refs/heads/${'b'.repeat(1000)}` }) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event whose repository full name has 1,000 characters', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'issues', payload: withRepository({ repository: { id: 987654, full_name: `o/${'r'.repeat(998)}` } }) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event whose payload holds an array of 250,000 items', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'issues', payload: withRepository({ padding: new Array(250_000).fill(0) }) }) }, expect: { state: 'completed', events: 1 } },
  { name: 'github-event whose payload holds a number beyond float range', queue: 'events', job: { name: 'github-event', data: githubEvent({ event: 'issues', payload: withRepository({}).replace('{', '{"huge":1e400,') }) }, expect: { state: 'completed', events: 1 } },

  // Job data that is not an object at all
  { name: 'github-event whose data is null', queue: 'events', job: { name: 'github-event', data: null }, expect: { state: 'failed', reason: /data|deliveryId/ } },
  { name: 'github-event whose data is a string', queue: 'events', job: { name: 'github-event', data: 'push' }, expect: { state: 'failed', reason: /data|deliveryId/ } },
  { name: 'github-event whose data is an array', queue: 'events', job: { name: 'github-event', data: [githubEvent()] }, expect: { state: 'failed', reason: /data|deliveryId/ } },

  // user-provisioned
  { name: 'user-provisioned without userId', queue: 'events', job: { name: 'user-provisioned', data: { githubId: 1, login: 'ghost' } }, expect: { state: 'failed', reason: /userId/ } },
  { name: 'user-provisioned with a userId that is not a uuid', queue: 'events', job: { name: 'user-provisioned', data: { userId: 'not-a-uuid', githubId: 1, login: 'ghost' } }, expect: { state: 'failed', reason: /userId/ } },
  { name: 'user-provisioned for a user that does not exist', queue: 'events', job: { name: 'user-provisioned', data: { userId: randomUUID(), githubId: 1, login: 'ghost' } }, expect: { state: 'failed', reason: /user/ } },
  { name: 'user-provisioned with a githubId that is not a number', queue: 'events', job: { name: 'user-provisioned', data: { userId: user.id, githubId: 'one', login: 'octocat' } }, expect: { state: 'failed', reason: /githubId/ } },

  // Unknown job names
  { name: 'an unknown job name on the events queue', queue: 'events', job: { name: 'github-event-v2', data: githubEvent() }, expect: { state: 'failed', reason: /unknown job name "github-event-v2"/ } },
  { name: 'a platform-callback job on the events queue', queue: 'events', job: { name: 'platform-callback', data: { requestId: openRequest.id } }, expect: { state: 'failed', reason: /unknown job name "platform-callback"/ } },
  { name: 'an unknown job name on the callbacks queue', queue: 'callbacks', job: { name: 'bogus', data: { requestId: openRequest.id } }, expect: { state: 'failed', reason: /unknown job name "bogus"/ } },
  { name: 'a github-event job on the callbacks queue', queue: 'callbacks', job: { name: 'github-event', data: githubEvent() }, expect: { state: 'failed', reason: /github-event|requestId|id undefined/ } },

  // platform-callback
  { name: 'platform-callback without requestId', queue: 'callbacks', job: { name: 'platform-callback', data: {} }, expect: { state: 'failed', reason: /requestId|id undefined/ } },
  { name: 'platform-callback with a requestId that is not a uuid', queue: 'callbacks', job: { name: 'platform-callback', data: { requestId: 'not-a-uuid' } }, expect: { state: 'failed', reason: /not-a-uuid|requestId/ } },
  { name: 'platform-callback for a request that does not exist', queue: 'callbacks', job: { name: 'platform-callback', data: { requestId: randomUUID() } }, expect: { state: 'failed', reason: /no deployment request or notice has id/ } },
  { name: 'platform-callback with a requestId of 10,000 characters', queue: 'callbacks', job: { name: 'platform-callback', data: { requestId: 'r'.repeat(10_000) } }, expect: { state: 'failed', reason: /no deployment request or notice has id r{100}/ } },
  { name: 'platform-callback with negative priorAttempts', queue: 'callbacks', job: { name: 'platform-callback', data: { requestId: openRequest.id, priorAttempts: -1 } }, expect: { state: 'failed', reason: /priorAttempts/ } },
  { name: 'platform-callback with priorAttempts that is not a number', queue: 'callbacks', job: { name: 'platform-callback', data: { requestId: openRequest.id, priorAttempts: 'one' } }, expect: { state: 'failed', reason: /priorAttempts/ } },
  { name: 'platform-callback whose data is null', queue: 'callbacks', job: { name: 'platform-callback', data: null }, expect: { state: 'failed', reason: /data|requestId/ } },
]

interface HttpCase {
  name: string
  request: InjectOptions
  expect: { status: number; error?: string }
}
const httpCases: HttpCase[] = [
  { name: 'GET an unknown route', request: { url: '/api/webhook' }, expect: { status: 404, error: 'not_found' } },
  { name: 'POST /healthz', request: { method: 'POST', url: '/healthz' }, expect: { status: 404, error: 'not_found' } },
  { name: 'POST /healthz with a JSON body', request: { method: 'POST', url: '/healthz', headers: { 'content-type': 'application/json' }, payload: '{"status":"dead"}' }, expect: { status: 404, error: 'not_found' } },
  { name: 'PUT /readyz', request: { method: 'PUT', url: '/readyz' }, expect: { status: 404, error: 'not_found' } },
  { name: 'DELETE /metrics', request: { method: 'DELETE', url: '/metrics' }, expect: { status: 404, error: 'not_found' } },
  { name: 'PATCH /metrics', request: { method: 'PATCH', url: '/metrics' }, expect: { status: 404, error: 'not_found' } },
  { name: 'OPTIONS /healthz', request: { method: 'OPTIONS', url: '/healthz' }, expect: { status: 404, error: 'not_found' } },
  { name: 'GET /healthz/extra', request: { url: '/healthz/extra' }, expect: { status: 404, error: 'not_found' } },
  { name: 'GET /healthz with a NUL byte', request: { url: '/healthz%00' }, expect: { status: 404, error: 'not_found' } },
  { name: 'GET /metrics with a 10 KB query', request: { url: `/metrics?${'x'.repeat(10_000)}` }, expect: { status: 200 } },
  { name: 'POST /metrics with a 2 MB body', request: { method: 'POST', url: '/metrics', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ x: 'x'.repeat(2 * 1024 * 1024) }) }, expect: { status: 413, error: 'payload_too_large' } },
]

t.comment(`${cases.length + httpCases.length} hostile inputs tried`)

const queues: Record<JobCase['queue'], Queue> = { events: b.events, callbacks: worker.queues.callbacks }
const options = { events: JOBS['github-event'].options, callbacks: JOBS['platform-callback'].options }

/** Callbacks of what earlier rows stored have gone out: their rows no longer move. */
const settled = () =>
  until(async () => (await em().count(DeploymentRequest, { status: { $in: ['pending', 'delivering'] } })) === 0 &&
    (await worker.queues.callbacks.getJobCountByTypes('active', 'waiting')) === 0, 10_000, 'callbacks settled')

for (const row of cases) {
  t.test(row.name, async (t) => {
    await settled()
    const before = await snapshot()
    const id = `bad-${randomUUID()}`
    const queue = queues[row.queue]
    await queue.add(row.job.name, row.job.data, { ...options[row.queue], jobId: id })
    // Its first attempt, whatever became of it: done, failed for good, or waiting to retry.
    const state = await until(async () => {
      const current = await queue.getJobState(id)
      return ['completed', 'failed', 'delayed'].includes(current) ? current : null
    }, 10_000, `first attempt of ${row.name}`)
    const job = (await queue.getJob(id)) as Job
    if (state === 'completed') await settled()
    const after = await snapshot()
    if (row.expect.state === 'failed') {
      t.equal(state, 'failed', `failed for good, not retried${state === 'failed' ? '' : ` (${state}: ${job.failedReason})`}`)
      t.equal(job.attemptsMade, 1, 'after one attempt')
      t.match(job.failedReason, row.expect.reason, `a reason that says what is wrong: ${job.failedReason}`)
      t.same(after, before, 'no row written or changed')
      if (row.queue === 'events' && row.job.name === 'github-event') {
        // A delivery is never dropped: it is kept whole, with why, until someone replays it.
        const [letter] = await b.orm.em.getConnection().execute<Array<{ error: string; attempts: number }>>('select error, attempts from dead_letters where job_id = ?', [id])
        t.match(letter?.error, row.expect.reason, 'kept as a dead letter with its reason')
      }
    } else {
      t.equal(state, 'completed', `stored${state === 'completed' ? '' : ` (${state}: ${job.failedReason})`}`)
      t.equal(Number(after.events) - Number(before.events), row.expect.events ?? 0, 'one event row')
    }
  })
}

for (const row of httpCases) {
  t.test(`HTTP ${row.name}`, async (t) => {
    const res = await worker.http.inject(row.request)
    t.equal(res.statusCode, row.expect.status, `answered ${row.expect.status}`)
    t.notMatch(res.body, /\bat .*\.[jt]s:\d+/, 'no stack trace')
    if (row.expect.error) t.same(Object.keys(res.json()).sort(), ['error', 'message'], 'a JSON {error, message}')
    if (row.expect.error) t.equal(res.json().error, row.expect.error, row.expect.error)
  })
}

t.test('after every row the worker is alive and still does its work', async (t) => {
  t.equal((await worker.http.inject('/healthz')).statusCode, 200)
  t.equal((await worker.http.inject('/readyz')).statusCode, 200)
  const deliveryId = await b.addEvent('push', pushToDefault())
  await b.receiver.waitFor(() => b.receiver.requests.some((r) => (r.body?.data?.event as { deliveryId?: string } | undefined)?.deliveryId === deliveryId))
  t.equal((await em().findOneOrFail(DeploymentRequest, { id: openRequest.id })).status, 'delivered', 'the request stray callback jobs named is as it was')
})
