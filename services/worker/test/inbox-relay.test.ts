import { randomUUID } from 'node:crypto'
import { WebhookEvent } from '@gwm/domain'
import { appendToInbox, createRedis, type InboxDelivery, type InboxEntry, inboxKeys, jobId, RELAY_GROUP } from '@gwm/queue'
import { example, examples } from '@gwm/testkit'
import t from 'tap'
import { startInboxRelay } from '../src/inbox/inbox-relay.ts'
import { backing, startWorker, until } from './helpers/start-worker.ts'

const HOOK_ID = '4242'

/** A delivery as the ingest stores it: fields, and the body's bytes as the payload. */
function inboxDelivery(event: string, payload: unknown, deliveryId = randomUUID()): InboxDelivery {
  const action = (payload as { action?: unknown }).action
  return {
    jobId: jobId(HOOK_ID, deliveryId),
    data: { deliveryId, event, hookId: HOOK_ID, receivedAt: new Date().toISOString(), ...(typeof action === 'string' ? { action } : {}) },
    payload: Buffer.from(JSON.stringify(payload)),
  }
}

const mixed = () => [
  inboxDelivery('push', examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)),
  inboxDelivery('pull_request', example('pull_request', 'opened')),
  inboxDelivery('issues', example('issues')),
  inboxDelivery('ping', example('ping')),
]

t.test('the worker moves deliveries from the inbox into Postgres and empties the inbox', async (t) => {
  const b = await backing(t)
  const deliveries = mixed()
  // Stored before any worker ran: the relay's group starts from the beginning of the stream.
  t.same(await appendToInbox(b.redis.client, b.redis.prefix, deliveries), [true, true, true, true])
  t.same(await appendToInbox(b.redis.client, b.redis.prefix, deliveries.slice(0, 1)), [false], 'the same delivery again appends nothing')
  const worker = await startWorker(t, b)

  const ids = deliveries.map((d) => d.data.deliveryId)
  const stored = await until(async () => {
    const rows = await b.orm.em.fork().find(WebhookEvent, { deliveryId: { $in: ids } })
    return rows.length === ids.length && rows
  }, 15_000, 'all four events stored')
  const push = stored.find((row) => row.deliveryId === ids[0])!
  t.same(push.payload, JSON.parse(deliveries[0]!.payload.toString()), 'the payload arrives as the ingest stored it')
  t.equal(push.hookId, Number(HOOK_ID))
  await until(async () => (await b.redis.client.xlen(inboxKeys(b.redis.prefix).stream)) === 0, 5_000, 'inbox emptied')
  const pending = (await b.redis.client.xpending(inboxKeys(b.redis.prefix).stream, RELAY_GROUP)) as [number, ...unknown[]]
  t.equal(pending[0], 0, 'nothing left unacknowledged')
  const metrics = (await worker.http.inject('/metrics')).body
  t.match(metrics, /gwm_worker_inbox_relayed_total{service="worker"} 4/)
})

t.test('entries a relay read and never acknowledged (its worker died) are taken over', async (t) => {
  const b = await backing(t)
  const { stream } = inboxKeys(b.redis.prefix)
  const deliveries = mixed()
  await appendToInbox(b.redis.client, b.redis.prefix, deliveries)
  // A relay that read the entries and died before adding them.
  await b.redis.client.xgroup('CREATE', stream, RELAY_GROUP, '0', 'MKSTREAM')
  const taken = (await b.redis.client.xreadgroup('GROUP', RELAY_GROUP, 'dead-worker', 'COUNT', 10, 'STREAMS', stream, '>')) as Array<[string, unknown[]]>
  t.equal(taken[0]?.[1].length, 4, 'the dead relay held all four')

  const redis = createRedis(b.redis.url, 'worker')
  const handled: InboxEntry[] = []
  const handle = async (entries: InboxEntry[]) => {
    handled.push(...entries)
  }
  const relay = startInboxRelay({ redis, handle, prefix: b.redis.prefix, log: { info() {}, warn() {} } as never, reclaimIdleMs: 300 })
  t.teardown(async () => {
    await relay.stop()
    redis.disconnect()
  })
  await until(() => handled.length === 4, 10_000, 'four entries handed on')
  t.same(handled.map((entry) => entry.jobId).sort(), deliveries.map((d) => d.jobId).sort(), 'each delivery once, under its delivery job id')
  const pull = handled.find((entry) => entry.data.event === 'pull_request')!
  t.equal(pull.data.action, 'opened')
  t.equal(pull.payload.toString(), deliveries[1]!.payload.toString(), 'the entry carries the payload bytes')
  await until(async () => (await b.redis.client.xlen(stream)) === 0, 5_000, 'inbox emptied')
  await relay.stop()
  const consumers = (await b.redis.client.xinfo('CONSUMERS', stream, RELAY_GROUP)) as unknown[][]
  t.same(consumers.map((fields) => fields[1]), ['dead-worker'], 'a relay stopping with nothing in hand leaves the group; the dead one (idle less than an hour) stays')
})

t.test('an entry that is not a delivery is dropped, not retried forever', async (t) => {
  const b = await backing(t)
  const { stream } = inboxKeys(b.redis.prefix)
  await b.redis.client.xadd(stream, '*', 'something', 'else')
  const good = mixed().slice(0, 1)
  await appendToInbox(b.redis.client, b.redis.prefix, good)
  const redis = createRedis(b.redis.url, 'worker')
  const handled: InboxEntry[] = []
  const handle = async (entries: InboxEntry[]) => {
    handled.push(...entries)
  }
  const warnings: unknown[] = []
  const relay = startInboxRelay({ redis, handle, prefix: b.redis.prefix, log: { info() {}, warn: (entry: unknown) => warnings.push(entry) } as never })
  t.teardown(async () => {
    await relay.stop()
    redis.disconnect()
  })
  await until(async () => (await b.redis.client.xlen(stream)) === 0, 5_000, 'inbox emptied')
  t.equal(handled.length, 1, 'the delivery was handed on')
  t.match(warnings, [{ skipped: 1 }], 'the odd entry is reported')
})

t.test("a delivery without X-GitHub-Hook-ID is stored as hook 0, whatever hook_id its payload names (a ping cannot choose it)", async (t) => {
  const b = await backing(t)
  const deliveryId = randomUUID()
  const ping = { ...example('ping'), hook_id: 5150 }
  await appendToInbox(b.redis.client, b.redis.prefix, [{ jobId: jobId(undefined, deliveryId), data: { deliveryId, event: 'ping', receivedAt: new Date().toISOString() }, payload: Buffer.from(JSON.stringify(ping)) }])
  await startWorker(t, b)
  const stored = await until(() => b.orm.em.fork().findOne(WebhookEvent, { deliveryId }), 15_000, 'the ping stored')
  t.equal(stored.hookId, 0, 'not 5150')
})
