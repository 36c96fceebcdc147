import { randomUUID } from 'node:crypto'
import { type Delivery, DeploymentRequest, repositoryFields, storeDeliveries } from '@gwm/domain'
import { createTestOrm, examples, openRequestsDrift } from '@gwm/testkit'
import t from 'tap'
import { claimOutbound } from '../src/deliver/claim.ts'
import { holdRows, lockWaiters } from './helpers/held-row.ts'

// A callback job claims a waiting request while a newer push of its environment is stored: one
// of them goes, never both, and a request being sent is never marked superseded.
const { orm } = await createTestOrm(t)
const em = () => orm.em.fork()
const base = examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
const repository = { ...(base.repository as object), id: 565_656, full_name: 'octo/claiming' }
const pushed = (after: string, receivedAt: Date): Delivery => {
  const payload = { ...base, repository, after: after.repeat(40) }
  return { eventId: randomUUID(), deliveryId: randomUUID(), hookId: 7, event: 'push', action: null, sender: null, receivedAt, payload, payloadBytes: Buffer.from(JSON.stringify(payload)), repository: repositoryFields(repository), installationId: null }
}

t.test('a claim and a store of the same environment at the same moment: one in flight, and the one sent is not superseded', async (t) => {
  const [waitingOne] = (await storeDeliveries(em(), [pushed('a', new Date(Date.now() - 5_000))])).created
  t.equal(waitingOne?.queue?.status, 'pending', 'a request waits for its callback job')
  // A third connection holds the waiting request's row: the claim waits for it first, then the
  // store of a newer push. Without the environment's lock the store read the request as still
  // waiting, superseded it once the claim had taken it, and sent its own as well.
  const held = await holdRows(em(), 'select 1 from deployment_requests where id = ? for update', [waitingOne!.id])
  const claim = claimOutbound(em(), waitingOne!.id, 60_000)
  await lockWaiters(em, 1)
  const newer = storeDeliveries(em(), [pushed('b', new Date())], { leaseMs: 60_000 })
  await lockWaiters(em, 2).finally(held.release)
  t.equal((await claim).found, true, 'the claim takes the waiting request')
  const [queued] = (await newer).created
  t.equal(queued?.queue?.status, 'pending', 'the newer push waits for it')
  t.match(await em().findOneOrFail(DeploymentRequest, { id: waitingOne!.id }), { status: 'delivering', supersededBy: null }, 'the one sent is not superseded')
  t.equal(await em().count(DeploymentRequest, { repository: waitingOne!.repository.id, status: 'delivering' }), 1, 'one in flight')
  t.same(await openRequestsDrift(em()), [], 'open_requests holds the open requests as they are')
})

t.test('a claim of an id that names no request takes no lock and finds nothing', async (t) => {
  t.same(await claimOutbound(em(), randomUUID(), 60_000), { found: false, status: null })
  t.same(await claimOutbound(em(), 'not-a-uuid', 60_000), { found: false, status: null })
})
