import { randomUUID } from 'node:crypto'
import { DeployRules, Repository, repositoryFields, storeDeliveries } from '@gwm/domain'
import { examples } from '@gwm/testkit'
import t from 'tap'
import { startGateway } from './helpers/gateway.ts'

// What the deploy rules decided is kept on each event and each request, and the events API shows
// it and filters by it. The events are stored by the one store the worker uses.
const { app, config, orm } = await startGateway(t)
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }
const push = (message: string) => {
  const payload = examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!
  return { ...payload, head_commit: { ...(payload.head_commit as object), message } } as Record<string, unknown>
}
const delivery = (payload: Record<string, unknown>) => ({
  eventId: randomUUID(), deliveryId: randomUUID(), hookId: 7, event: 'push', action: null, sender: 'Codertocat', receivedAt: new Date(),
  payload, payloadBytes: Buffer.from(JSON.stringify(payload)), repository: repositoryFields(payload.repository), installationId: null,
})

const deployed = delivery(push('a change'))
const skipped = delivery(push('docs only [skip deploy]'))
await storeDeliveries(orm.em.fork(), [deployed, skipped])

t.test('each event says what the rules decided, each request the rule that made it', async (t) => {
  const res = await app.inject({ url: `/api/events/${deployed.deliveryId}`, headers: platform })
  t.equal(res.statusCode, 200, res.body)
  t.match(res.json(), { decision: 'production: push to master', requests: [{ kind: 'production', reason: 'production: push to master', sequence: 1, supersededBy: null }] })
  const quiet = await app.inject({ url: `/api/events/${skipped.deliveryId}`, headers: platform })
  t.match(quiet.json(), { decision: 'skipped: marker [skip deploy]', requests: [], status: 'stored' })
})

t.test('the events list filters by decision, a prefix matched as written', async (t) => {
  const list = async (decision: string) => {
    const res = await app.inject({ url: `/api/events?decision=${encodeURIComponent(decision)}`, headers: platform })
    t.equal(res.statusCode, 200, res.body)
    return (res.json().events as Array<{ deliveryId: string }>).map((e) => e.deliveryId)
  }
  t.same(await list('skipped'), [skipped.deliveryId])
  t.same(await list('production: push to master'), [deployed.deliveryId])
  t.same(await list('skipped%'), [], '% is a character, not a wildcard')
  const bad = await app.inject({ url: `/api/events?decision=${'x'.repeat(101)}`, headers: platform })
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { error: 'validation_failed', message: /decision/ })
})

t.test('a repository\'s own rules decide its events: production from another branch', async (t) => {
  const repository = await orm.em.fork().findOneOrFail(Repository, { githubId: 186853002 })
  await orm.em.fork().insert(DeployRules, { id: randomUUID(), repository: repository.id, version: 1, rules: { production: { branches: ['release/*'] } }, changedBy: 'platform', createdAt: new Date() })
  const toMaster = delivery(push('on master'))
  const toRelease = delivery({ ...push('on a release branch'), ref: 'refs/heads/release/1.2' })
  await storeDeliveries(orm.em.fork(), [toMaster, toRelease])
  t.match((await app.inject({ url: `/api/events/${toMaster.deliveryId}`, headers: platform })).json(), { decision: 'skipped: not the production branch', requests: [] })
  t.match((await app.inject({ url: `/api/events/${toRelease.deliveryId}`, headers: platform })).json(), { decision: 'production: push to release/1.2', requests: [{ kind: 'production', environment: 'production' }] })
})

t.test('supersededBy is the request that went instead, along a chain of supersessions', async (t) => {
  // Another repository's production, nothing sent yet: each push replaces the one waiting before it.
  const other = (message: string) => {
    const payload = push(message)
    return delivery({ ...payload, repository: { ...(payload.repository as object), id: 987_654_321, full_name: 'octocat/chain', name: 'chain' } })
  }
  const pushes = []
  for (const message of ['one', 'two', 'three', 'four']) {
    // Received one after the other (the ingest's time orders them).
    await new Promise((resolve) => setTimeout(resolve, 5))
    pushes.push(other(message))
    await storeDeliveries(orm.em.fork(), [pushes.at(-1)!])
  }
  const answers = await Promise.all(pushes.map((each) => app.inject({ url: `/api/events/${each.deliveryId}`, headers: platform })))
  t.same(answers.map((res) => res.statusCode), [200, 200, 200, 200], answers[0]!.body)
  const requests = answers.map((res) => res.json().requests[0])
  const last = requests[3]
  t.match(last, { status: 'pending', supersededBy: null })
  for (const [n, request] of requests.slice(0, 3).entries()) {
    t.match(request, { status: 'superseded', supersededBy: last.id }, `push ${n + 1}: replaced by the next, which the next replaced: the last goes instead`)
  }
  const detail = await app.inject({ url: `/api/deployments/${requests[0].id}`, headers: platform })
  t.equal(detail.json().supersededBy, last.id, 'the deployment request says so too')
  const list = await app.inject({ url: '/api/events?repo=octocat/chain&limit=10', headers: platform })
  t.same(list.json().events.map((event: { requests: Array<{ supersededBy: string | null }> }) => event.requests[0]?.supersededBy), [null, last.id, last.id, last.id], 'and the events list, newest first')
})
