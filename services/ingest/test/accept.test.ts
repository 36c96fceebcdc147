import { payloadView } from '@gwm/queue'
import { example, exampleEventNames, examples, signedDelivery } from '@gwm/testkit'
import t from 'tap'
import { deliver, HOOK_ID, HOOK_SECRET, post } from './helpers/deliveries.ts'
import { startIngest } from './helpers/start-ingest.ts'

t.test('a real delivery of every example event is stored as one job, byte for byte', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const events = exampleEventNames()
  t.ok(events.length > 30, `${events.length} event types`)
  const sent = []
  for (const event of events) {
    const payload = examples(event)[0]!
    const { res, body, deliveryId } = await deliver(ingest.app, { event, payload })
    t.equal(res.statusCode, 202, `${event} accepted`)
    t.same(res.json(), { deliveryId })
    sent.push({ event, body, deliveryId, action: payload.action })
  }
  const jobs = await ingest.jobs()
  t.equal(jobs.length, events.length, 'one job per delivery')
  const byId = new Map(jobs.map((job) => [job.data.deliveryId, job]))
  for (const { event, body, deliveryId, action } of sent) {
    const job = byId.get(deliveryId)!
    t.equal(job.name, 'github-event')
    t.equal(job.id, `${HOOK_ID}-${deliveryId}`, 'job id from (hook id, delivery GUID)')
    t.equal(job.data.event, event)
    t.equal(job.data.action, action)
    t.equal(job.data.payload, body, `${event} payload is the raw body`)
    t.same(job.data.view, payloadView(JSON.parse(body)), `${event} carries the view of its payload the worker reads`)
    t.equal(job.data.hookId, String(HOOK_ID))
    t.equal(job.data.targetType, 'repository')
    t.equal(job.data.targetId, '1296269')
    t.ok(Math.abs(Date.parse(job.data.receivedAt) - Date.now()) < 60_000, 'receivedAt is an ISO time')
    t.notMatch(JSON.stringify(job.data), HOOK_SECRET, 'no secret in the job')
  }
})

t.test('every example payload of the events checked against their event name is accepted under its own name', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const events = ['push', 'create', 'delete', 'pull_request', 'release', 'check_suite', 'check_run', 'ping', 'installation', 'installation_repositories']
  let sent = 0
  for (const event of events) {
    for (const payload of examples(event)) {
      const { res } = await deliver(ingest.app, { event, payload })
      t.equal(res.statusCode, 202, `${event} ${String(payload.action ?? '')} accepted`)
      sent += 1
    }
  }
  t.equal((await ingest.jobs()).length, sent, `${sent} deliveries stored`)
})

t.test('ping is accepted and enqueued like any event, on both routes', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const ping = await deliver(ingest.app, { event: 'ping' })
  t.equal(ping.res.statusCode, 202)
  const other = await signedDeliveryFor('push')
  const res = await post(ingest.app, other.headers, other.body, '/webhooks/github')
  t.equal(res.statusCode, 202, 'POST /webhooks/github works too')
  const jobs = await ingest.jobs()
  t.same(jobs.map((job) => job.data.event).sort(), ['ping', 'push'])
})

t.test('the body is kept exactly as sent: whitespace, key order, unicode, charset parameter', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const payload = { ...example('issues', 'opened'), note: 'Grüße 🚀 \u2028' }
  const body = `${JSON.stringify(payload, null, 2)}\n`
  const sent = await signedDelivery({ event: 'issues', payload, body, secret: HOOK_SECRET, hookId: HOOK_ID })
  const res = await post(ingest.app, { ...sent.headers, 'content-type': 'application/json; charset=utf-8' }, body)
  t.equal(res.statusCode, 202)
  const [job] = await ingest.jobs()
  t.equal(job?.data.payload, body)
  t.equal(job?.data.action, 'opened')
})

t.test('a form-encoded delivery (payload=<JSON>) is verified over the form bytes', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const json = JSON.stringify(example('pull_request', 'opened'))
  const form = `payload=${encodeURIComponent(json)}`
  const sent = await signedDelivery({ event: 'pull_request', payload: null, body: form, secret: HOOK_SECRET, hookId: HOOK_ID })
  const res = await post(ingest.app, { ...sent.headers, 'content-type': 'application/x-www-form-urlencoded' }, form)
  t.equal(res.statusCode, 202)
  const [job] = await ingest.jobs()
  t.equal(job?.data.payload, json, 'the job holds the decoded payload field')
  t.equal(job?.data.action, 'opened')
})

t.test('WEBHOOK_SECRET verifies deliveries of hooks without a secret of their own', async (t) => {
  const global = 'global-webhook-secret-1'
  const ingest = await startIngest(t, { env: { WEBHOOK_SECRET: global, WEBHOOK_SECRET_REPOSITORY_IDS: '186853002' } })
  const unknownHook = await deliver(ingest.app, { secret: global, hookId: 777 })
  t.equal(unknownHook.res.statusCode, 202, 'unknown hook id: the global secret')
  const noHook = await deliver(ingest.app, { secret: global, hookId: null })
  t.equal(noHook.res.statusCode, 202, 'no hook id: the global secret')
  const jobs = await ingest.jobs()
  t.same(jobs.map((job) => job.id).sort(), [`--${noHook.deliveryId}`, `777-${unknownHook.deliveryId}`].sort())
  t.equal(jobs.find((job) => job.data.deliveryId === noHook.deliveryId)?.data.hookId, undefined)
})

t.test('a rotated secret: old and new both verify during the grace window, only the new after it', async (t) => {
  const ingest = await startIngest(t, { env: { SECRET_CACHE_TTL_MS: '0' } })
  await ingest.publish(HOOK_ID, { current: 'new-secret-after-rotation', previous: HOOK_SECRET, previousUntil: Date.now() + 60_000 })
  t.equal((await deliver(ingest.app, { secret: 'new-secret-after-rotation' })).res.statusCode, 202, 'new secret')
  t.equal((await deliver(ingest.app, { secret: HOOK_SECRET })).res.statusCode, 202, 'old secret within the grace window')
  await ingest.publish(HOOK_ID, { current: 'new-secret-after-rotation', previous: HOOK_SECRET, previousUntil: Date.now() - 1 })
  t.equal((await deliver(ingest.app, { secret: HOOK_SECRET })).res.statusCode, 401, 'old secret after the grace window')
  t.equal((await deliver(ingest.app, { secret: 'new-secret-after-rotation' })).res.statusCode, 202)
  t.equal((await ingest.jobs()).length, 3)
})

t.test('a secret published after the ingest cached the old one is honoured at once', async (t) => {
  const ingest = await startIngest(t, { env: { SECRET_CACHE_TTL_MS: '600000' } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  t.equal((await deliver(ingest.app)).res.statusCode, 202, 'old secret cached')
  await ingest.publish(HOOK_ID, { current: 'rotated-secret-value' })
  await new Promise((resolve) => setTimeout(resolve, 1_050)) // the cache re-reads at most once a second
  t.equal((await deliver(ingest.app, { secret: 'rotated-secret-value' })).res.statusCode, 202, 'mismatch re-reads the registry')
})

async function signedDeliveryFor(event: string) {
  return signedDelivery({ event, payload: example(event), secret: HOOK_SECRET, hookId: HOOK_ID })
}
