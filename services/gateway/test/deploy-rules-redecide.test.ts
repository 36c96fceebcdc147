import { randomUUID } from 'node:crypto'
import { DeploymentRequest, DeployRules, Repository, repositoryFields, storeDeliveries, WebhookEvent } from '@gwm/domain'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { startGateway } from './helpers/gateway.ts'

// Rules changed while requests wait for checks: the waiting ones are decided again under the
// new rules, and their event's decision says so.
const { app, config, orm } = await startGateway(t)
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}`, 'content-type': 'application/json' }
const sha = (n: number) => String(n).padStart(40, 'b')
const push = (n: number, ref = 'refs/heads/master') => {
  const payload = { ...examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!, after: sha(n), ref } as Record<string, unknown>
  return { eventId: randomUUID(), deliveryId: randomUUID(), hookId: 7, event: 'push', action: null, sender: null, receivedAt: new Date(), payload, payloadBytes: Buffer.from(JSON.stringify(payload)), repository: repositoryFields(payload.repository), installationId: null }
}
const em = () => orm.em.fork()
const put = (rules: unknown) => app.inject({ method: 'PUT', url: '/api/repos/Codertocat/Hello-World/deploy-rules', headers: platform, payload: JSON.stringify(rules) })

const first = push(1)
await storeDeliveries(em(), [first])
const repository = await em().findOneOrFail(Repository, { githubId: 186853002 })
await em().insert(DeployRules, { id: randomUUID(), repository: repository.id, version: 1, rules: { checks: { gate: 'all', timeoutMinutes: 30 } }, changedBy: 'platform', createdAt: new Date() })

t.test('a gate turned off sends what waited; a rule that now skips it cancels it; a gate kept holds it', async (t) => {
  const waiting = push(2)
  await storeDeliveries(em(), [waiting])
  const request = await em().findOneOrFail(DeploymentRequest, { event: waiting.eventId })
  t.equal(request.status, 'waiting_checks')

  const longer = await put({ checks: { gate: 'all', timeoutMinutes: 120 } })
  t.equal(longer.statusCode, 200, longer.body)
  const held = await em().findOneOrFail(DeploymentRequest, { id: request.id })
  t.equal(held.status, 'waiting_checks', 'still gated: held')
  t.ok(held.checksDeadline!.getTime() > Date.now() + 100 * 60_000, 'with the new timeout')
  t.match((await em().findOneOrFail(WebhookEvent, { id: waiting.eventId })).decision, /re-decided under deploy rules v2/)

  t.equal((await put({})).statusCode, 200)
  const released = await em().findOneOrFail(DeploymentRequest, { id: request.id })
  t.equal(released.status, 'pending', 'no gate any more: released')
  t.equal(await (await app.queues.callbacks.getJob(request.id))?.getState(), 'waiting', 'and queued to be sent')

  t.equal((await put({ checks: { gate: 'all' } })).statusCode, 200)
  const another = push(3)
  await storeDeliveries(em(), [another])
  const next = await em().findOneOrFail(DeploymentRequest, { event: another.eventId })
  t.equal(next.status, 'waiting_checks')
  t.equal((await put({ checks: { gate: 'all' }, production: { branches: ['release/*'] } })).statusCode, 200)
  const cancelled = await em().findOneOrFail(DeploymentRequest, { id: next.id })
  t.equal(cancelled.status, 'cancelled', 'the new rules no longer ask for it')
  t.match(cancelled.lastError, /not sent: skipped: not the production branch \(re-decided under deploy rules v5\)/)
})
