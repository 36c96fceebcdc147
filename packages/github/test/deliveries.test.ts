import t from 'tap'
import { verifySignature } from '@gwm/testkit'
import { ensureHook, listDeliveries, listFailedDeliveries, NotFoundError, redeliver, redeliverFailed } from '../src/index.ts'
import { clientFor, startReceiver, startSim } from './helpers.ts'

const REPO = { owner: 'octocat', repo: 'hello-world' }

t.test('failed deliveries are found and redelivered with the same GUID', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t, 503)
  const github = clientFor(sim, 'octocat-token')
  const { hook } = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'redelivery-secret', events: ['push'] })
  await sim.control.idle()
  receiver.state.status = 200
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'delivered fine' }] })
  receiver.state.status = 500
  const lost = await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'lost while the ingest was down' }] })

  const all = await listDeliveries(github, { ...REPO, hookId: hook.id })
  t.same(all.map((delivery) => delivery.event), ['push', 'push', 'ping'], 'newest first')
  const failed = await listFailedDeliveries(github, { ...REPO, hookId: hook.id })
  t.same(failed.map((delivery) => delivery.event).sort(), ['ping', 'push'])
  t.equal(failed.find((delivery) => delivery.event === 'push')?.guid, lost.deliveries[0]?.guid)

  receiver.state.status = 200
  const before = receiver.received.length
  const report = await redeliverFailed(github, { ...REPO, hookId: hook.id })
  t.equal(report.redelivered.length, 2)
  t.same(report.failed, [])
  await sim.control.idle()
  const resent = receiver.received.slice(before)
  t.equal(resent.length, 2)
  const resentPush = resent.find((request) => request.headers['x-github-event'] === 'push')!
  t.equal(resentPush.headers['x-github-delivery'], lost.deliveries[0]?.guid, 'same delivery GUID, so the ingest de-duplicates')
  t.ok(await verifySignature('redelivery-secret', resentPush.body, String(resentPush.headers['x-hub-signature-256'])))

  t.same(await listFailedDeliveries(github, { ...REPO, hookId: hook.id }), [], 'nothing left to redeliver')
  const latest = (await listDeliveries(github, { ...REPO, hookId: hook.id }))[0]
  t.match(latest, { redelivery: true, statusCode: 200, status: 'OK' })
})

t.test('listDeliveries follows cursor pages and stops at `since`', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const github = clientFor(sim, 'octocat-token')
  const { hook } = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'paging-secret', events: ['push'] })
  await sim.control.idle()
  for (let i = 0; i < 3; i++) await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: `commit ${i}` }] })
  const paged = await github.rest.repos.listWebhookDeliveries({ ...REPO, hook_id: hook.id, per_page: 2 })
  t.match(paged.headers.link, /cursor=v1_\d+>; rel="next"/)
  t.equal((await listDeliveries(github, { ...REPO, hookId: hook.id })).length, 4)
  t.same(await listDeliveries(github, { ...REPO, hookId: hook.id, since: new Date(Date.now() + 60_000) }), [])
})

t.test('redeliver of an unknown delivery is NotFoundError; the deliveries API needs admin', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t, 500)
  const github = clientFor(sim, 'octocat-token')
  const { hook } = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'unknown-secret', events: ['push'] })
  await sim.control.idle()
  const error = await redeliver(github, { ...REPO, hookId: hook.id, deliveryId: 1 }).catch((e: unknown) => e)
  t.ok(error instanceof NotFoundError)

  // A push collaborator may list nothing: the deliveries API needs admin.
  const denied = await listFailedDeliveries(clientFor(sim, 'hubot-token'), { ...REPO, hookId: hook.id }).catch((e: unknown) => e)
  t.match(denied, { code: 'needs_admin' })
})
