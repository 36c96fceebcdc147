import { randomUUID } from 'node:crypto'
import { type Delivery, DeploymentRequest, Repository, repositoryFields, storeDeliveries, WebhookEvent } from '@gwm/domain'
import { createTestOrm, examples, openRequestsDrift } from '@gwm/testkit'
import t from 'tap'
import { holdRows, lockWaiters } from './helpers/held-row.ts'

// storeDeliveries (the one way deliveries are stored: by the inbox, the events job and a
// replay) against a real database, one delivery at a time: the first event of a repository
// (upsert, then the write) and every later one (the write alone) must store the same thing.
const { orm } = await createTestOrm(t)
const em = () => orm.em.fork()
const push = () => examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const incoming = (payload: Record<string, unknown>, event = 'push'): Delivery => ({
  eventId: randomUUID(),
  deliveryId: randomUUID(),
  hookId: 7,
  event,
  action: null,
  sender: (payload.sender as { login?: string } | undefined)?.login ?? null,
  receivedAt: new Date(),
  payload,
  payloadBytes: Buffer.from(JSON.stringify(payload)),
  repository: repositoryFields(payload.repository),
  installationId: null,
})

/** One delivery stored, as a batch of one; the same summary the old single-event store gave. */
async function storeEvent(em: ReturnType<typeof orm.em.fork>, delivery: Delivery) {
  const stored = await storeDeliveries(em, [delivery])
  const [one] = stored.deliveries
  const eventId = one!.duplicate
    ? (await em.findOneOrFail(WebhookEvent, { hookId: delivery.hookId, deliveryId: delivery.deliveryId })).id
    : delivery.eventId
  const pendingRequestIds = one!.duplicate ? stored.reopened : one!.requests.map((r) => r.id)
  return { eventId, repositoryId: one!.repositoryId, duplicate: one!.duplicate, pendingRequestIds, created: stored.created.length }
}

t.test('first event of a repository creates it; the next ones reuse it in one statement', async (t) => {
  const first = await storeEvent(em(), incoming(push()))
  const second = await storeEvent(em(), incoming(push()))
  t.equal(first.duplicate, false)
  t.equal(second.duplicate, false)
  t.equal(second.repositoryId, first.repositoryId)
  t.equal(await em().count(Repository, {}), 1)
  for (const stored of [first, second]) {
    t.equal(stored.pendingRequestIds.length, 1)
    const [request] = await em().find(DeploymentRequest, { event: stored.eventId })
    // The second push's request is the production environment's newest: it supersedes the first, not yet sent.
    const status = stored === first ? { status: 'superseded', supersededBy: second.pendingRequestIds[0], sequence: 1 } : { status: 'pending', sequence: 2 }
    t.match(request, { id: stored.pendingRequestIds[0], kind: 'production', environment: 'production', attempts: 0, pullRequest: null, ...status })
    const event = await em().findOneOrFail(WebhookEvent, { id: stored.eventId })
    t.equal(event.repository?.id, first.repositoryId)
    t.same(event.payload, push())
    t.equal(event.sender, 'Codertocat')
    t.ok(event.processedAt)
  }
})

t.test('a duplicate writes nothing and reports the requests still pending', async (t) => {
  const once = incoming(push())
  const stored = await storeEvent(em(), once)
  const again = await storeEvent(em(), once)
  t.equal(again.duplicate, true)
  t.equal(again.eventId, stored.eventId)
  t.same(again.pendingRequestIds, stored.pendingRequestIds)
  t.equal(await em().count(WebhookEvent, { deliveryId: once.deliveryId }), 1)
})

t.test('a renamed repository is refreshed from the payload', async (t) => {
  const renamed = push()
  renamed.repository = { ...(renamed.repository as object), full_name: 'Codertocat/Renamed', default_branch: 'main' }
  renamed.ref = 'refs/heads/main'
  const stored = await storeEvent(em(), incoming(renamed))
  const repo = await em().findOneOrFail(Repository, { id: stored.repositoryId! })
  t.match(repo, { fullName: 'Codertocat/Renamed', defaultBranch: 'main' })
  t.equal(stored.created, 1, 'main is now the default branch')
})

t.test('pull request payloads carry the PR number into the request; events without a repository are stored', async (t) => {
  const pr = examples('pull_request').find((p) => p.action === 'opened')!
  await storeEvent(em(), incoming(push()))
  const stored = await storeEvent(em(), incoming(pr, 'pull_request'))
  const [request] = await em().find(DeploymentRequest, { event: stored.eventId })
  t.match(request, { kind: 'preview', environment: 'pr-2', pullRequest: 2 })
  const bare = await storeEvent(em(), incoming({ zen: 'Keep it logically awesome.', hook_id: 1 }, 'meta'))
  t.equal(bare.repositoryId, null)
  t.equal(bare.created, 0)
  t.equal((await em().findOneOrFail(WebhookEvent, { id: bare.eventId })).repository, null)
})

t.test('a payload full of quotes, question marks and unicode is stored byte for byte', async (t) => {
  const tricky = push()
  ;(tricky.head_commit as Record<string, unknown>).message = `it's "fine"? ?? $1 \\ ; -- 🚀 \u2028`
  const stored = await storeEvent(em(), incoming(tricky))
  t.same((await em().findOneOrFail(WebhookEvent, { id: stored.eventId })).payload, tricky)
})

t.test('an old redelivery naming the repository as it was then changes nothing', async (t) => {
  const old = incoming(push())
  await storeEvent(em(), old)
  const renamed = push()
  renamed.repository = { ...(renamed.repository as object), full_name: 'Codertocat/New-Name' }
  const fresh = await storeEvent(em(), incoming(renamed))
  const again = await storeEvent(em(), old)
  t.equal(again.duplicate, true)
  t.equal((await em().findOneOrFail(Repository, { id: fresh.repositoryId! })).fullName, 'Codertocat/New-Name')
})

const [toast] = (await em().execute(`select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`)) as Array<{ lz4: boolean }>

t.test('payloads are compressed with lz4 where the server has it, and read back whole', { skip: toast?.lz4 ? false : 'this Postgres has no lz4' }, async (t) => {
  const big = push()
  ;(big.head_commit as Record<string, unknown>).message = 'a long commit message '.repeat(500)
  const stored = await storeEvent(em(), incoming(big))
  const [row] = (await em().execute('select pg_column_compression(payload) as method from webhook_events where id = ?', [stored.eventId])) as Array<{ method: string }>
  t.equal(row?.method, 'lz4')
  t.same((await em().findOneOrFail(WebhookEvent, { id: stored.eventId })).payload, big)
})

t.test('a batch stores each delivery once, whatever else it holds, and hands back what it wrote', async (t) => {
  const first = incoming(push())
  const pr = incoming(examples('pull_request').find((p) => p.action === 'opened')!, 'pull_request')
  const meta = incoming({ zen: 'Design for failure.', hook_id: 1 }, 'meta')
  // The same delivery twice (an entry and its redelivery), each with the row id its reader chose.
  const stored = await storeDeliveries(em(), [first, pr, meta, { ...first, eventId: randomUUID() }])
  t.same(stored.deliveries.map((d) => d.duplicate), [false, false, false, true], 'the second copy in the batch is the duplicate')
  t.same(stored.created.map((r) => r.kind).sort(), ['preview', 'production'])
  const production = stored.created.find((r) => r.kind === 'production')!
  t.match(production, { environment: 'production', ref: 'refs/heads/master', repository: { fullName: 'Codertocat/Hello-World', githubId: 186853002 }, event: { deliveryId: first.deliveryId, name: 'push', sender: 'Codertocat' } })
  const row = await em().findOneOrFail(DeploymentRequest, { id: production.id })
  t.match(row, { status: 'pending', attempts: 0, repositoryFullName: 'Codertocat/Hello-World' })
  t.equal(await em().count(WebhookEvent, { deliveryId: first.deliveryId }), 1)
})

t.test('requests meant to be sent at once are written delivering, leased to the sender', async (t) => {
  const before = Date.now()
  const stored = await storeDeliveries(em(), [incoming(push())], { leaseMs: 60_000 })
  const row = await em().findOneOrFail(DeploymentRequest, { id: stored.created[0]!.id })
  t.equal(row.status, 'delivering')
  t.ok(row.nextAttemptAt.getTime() >= before + 60_000, 'its next attempt time is the end of the lease')
  const again = await storeDeliveries(em(), [{ ...stored.deliveries[0]!.delivery, eventId: randomUUID() }])
  t.same(again.reopened, [], 'a redelivery leaves a leased request to its sender')
})

t.test('re-running the rules on a stored event writes only what it lacks', async (t) => {
  const delivery = incoming(push())
  const stored = await storeDeliveries(em(), [delivery])
  const rerun = await storeDeliveries(em(), [delivery], { rederive: true })
  t.equal(rerun.deliveries[0]!.duplicate, true)
  t.same(rerun.created, [], 'the request it has is not written twice')
  await em().nativeDelete(DeploymentRequest, { id: stored.created[0]!.id })
  const repaired = await storeDeliveries(em(), [delivery], { rederive: true })
  t.equal(repaired.created.length, 1, 'a missing request is written again')
  t.equal(await em().count(DeploymentRequest, { event: delivery.eventId }), 1)
})

t.test('stored out of order (two workers), an older push never goes after a newer one: it is superseded by it', async (t) => {
  const base = push()
  const repository = { ...(base.repository as object), id: 424_242, full_name: 'octo/ordering' }
  const older = { ...incoming({ ...base, repository, after: 'a'.repeat(40) }), receivedAt: new Date(Date.now() - 5_000) }
  const newer = { ...incoming({ ...base, repository, after: 'b'.repeat(40) }), receivedAt: new Date() }
  const first = await storeDeliveries(em(), [newer], { leaseMs: 60_000 })
  const late = await storeDeliveries(em(), [older], { leaseMs: 60_000 })
  const [sent] = first.created
  const [stale] = late.created
  t.equal(sent?.queue?.status, 'delivering', 'the newer one goes')
  t.match(stale?.queue, { status: 'superseded' }, 'the older one, stored later, does not')
  t.match(await em().findOneOrFail(DeploymentRequest, { id: stale!.id }), { status: 'superseded', supersededBy: sent!.id })
})

t.test('stored at the same moment by two workers, the newer first: the older still does not go', async (t) => {
  const base = push()
  const repository = { ...(base.repository as object), id: 434_343, full_name: 'octo/racing' }
  const pushed = (after: string, receivedAt: Date) => ({ ...incoming({ ...base, repository, after: after.repeat(40) }), receivedAt })
  await storeDeliveries(em(), [pushed('1', new Date(Date.now() - 10_000))])
  // A third connection holds the environment's sequence row, so that both stores are written and
  // then wait, the newer one first, and go on together once it lets go. Each statement then read the
  // queue as it was before the other's change: the older one was queued after the newer and went.
  const held = await holdRows(em(), `select 1 from environment_sequences s join repositories r on r.id = s.repository_id where r.github_id = ? for update of s`, [434_343])
  const newer = storeDeliveries(em(), [pushed('b', new Date())], { leaseMs: 60_000 })
  const older = lockWaiters(em, 1).then(() => storeDeliveries(em(), [pushed('a', new Date(Date.now() - 5_000))], { leaseMs: 60_000 }))
  await lockWaiters(em, 2).finally(held.release)
  const [sent] = (await newer).created
  const [stale] = (await older).created
  t.equal(sent?.queue?.status, 'delivering', 'the newer one goes')
  t.match(stale?.queue, { status: 'superseded' }, 'the older one does not')
  t.match(await em().findOneOrFail(DeploymentRequest, { id: stale!.id }), { status: 'superseded', supersededBy: sent!.id })
  t.equal(await em().count(DeploymentRequest, { repository: sent!.repository.id, status: 'delivering' }), 1, 'one in flight')
  t.same(await openRequestsDrift(em()), [], 'open_requests holds the open requests as they are')
})
