import { Redelivery, WebhookEvent } from '@gwm/domain'
import t from 'tap'
import { seedEvent } from './helpers/events.ts'
import { startWithGitHub } from './helpers/gateway.ts'

// The events API says where each event came from: GitHub unasked, or recovered by the scheduled
// reconciliation (a delivery it asked GitHub to send again, or a push it derived itself).
const { app, config, orm } = await startWithGitHub(t)
const asPlatform = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` } })

const sent = await seedEvent(orm, { repo: 'octocat/hello-world', receivedAt: new Date(Date.now() - 3_000) })
const redelivered = await seedEvent(orm, { repo: 'octocat/hello-world', receivedAt: new Date(Date.now() - 2_000) })
const derived = await seedEvent(orm, { repo: 'octocat/hello-world', receivedAt: new Date(Date.now() - 1_000) })
const em = orm.em.fork()
em.create(Redelivery, { deliveryId: redelivered.deliveryId, githubDeliveryId: 9_000_000_001, hook: 'app', reason: 'missing' })
await em.flush()
await orm.em.fork().nativeUpdate(WebhookEvent, { deliveryId: derived.deliveryId }, { source: 'reconciled' })

t.test('the list and one event show source github or reconciled', async (t) => {
  const res = await asPlatform('/api/events?repo=octocat/hello-world')
  t.equal(res.statusCode, 200)
  const source = Object.fromEntries(res.json().events.map((e: { deliveryId: string; source: string }) => [e.deliveryId, e.source]))
  t.same(source, { [sent.deliveryId]: 'github', [redelivered.deliveryId]: 'reconciled', [derived.deliveryId]: 'reconciled' })
  for (const [event, expected] of [[sent, 'github'], [redelivered, 'reconciled'], [derived, 'reconciled']] as const) {
    const one = await asPlatform(`/api/events/${event.deliveryId}`)
    t.equal(one.statusCode, 200)
    t.equal(one.json().source, expected, `${expected}: ${event.deliveryId}`)
  }
})
