import t from 'tap'
import { REDELIVERY_WINDOW_MS } from '../src/reconcile/deliveries.ts'
import { appDeliveries, settle } from './helpers/app-deliveries.ts'

// The App-mode delivery reconciliation against the simulator's deliveries log and real Postgres:
// what it asks GitHub to send again, what it leaves alone, and how far it has looked.

t.test('a failed delivery is redelivered; while its redelivery fails too it is asked for again at later runs, three times at most', async (t) => {
  const s = await appDeliveries(t)
  s.door.answer(500)
  const failed = await s.push()
  t.equal(failed.statusCode, 500)
  const report = await s.run()
  await settle(s)
  t.match(report, { failed: 1, missing: 0, refused: 0 })
  const attempts = s.attempts(failed.guid)
  t.equal(attempts.length, 2, 'GitHub sent it again')
  t.ok(attempts[1]!.redelivery, 'as a redelivery of the same GUID')
  t.same(await s.redeliveries(), [{ delivery_id: failed.guid, reason: 'failed', hook: 'app' }])

  // A run at once does not ask again (another worker's run, say); one a while later does.
  t.match(await s.run(), { failed: 0 })
  await settle(s)
  t.equal(s.attempts(failed.guid).length, 2, 'not asked twice at once')
  const later = (seconds: number) => s.run({ now: new Date(Date.now() + seconds * 1000) })
  t.match(await later(2), { failed: 1 })
  await settle(s)
  t.match(await later(4), { failed: 1 })
  await settle(s)
  t.equal(s.attempts(failed.guid).length, 4, 'asked three times in all')
  t.match(await later(6), { failed: 0 })
  await settle(s)
  t.equal(s.attempts(failed.guid).length, 4, 'then left to the by-hand route')
  t.equal((await s.registry.getSingleMetricAsString('gwm_worker_redeliveries_total')).includes('reason="failed"} 3'), true, 'counted')

  // Once the ingest answers again, a failed delivery asked for once more arrives.
  const recovered = await s.push('fails once')
  await s.run()
  await settle(s)
  s.door.answer(202)
  await later(2)
  await settle(s)
  t.same(s.attempts(recovered.guid).map((attempt) => attempt.statusCode), [500, 500, 202], 'failed, its first redelivery failed, the second reached the ingest')
})

t.test('a delivery answered 2xx but never stored is redelivered as missing; a stored one is not', async (t) => {
  const s = await appDeliveries(t)
  const lost = await s.push('lost')
  const kept = await s.push('kept')
  await s.store(kept.guid)
  const report = await s.run()
  await settle(s)
  t.match(report, { failed: 0, missing: 1 })
  t.equal(s.attempts(lost.guid).length, 2, 'the lost one sent again')
  t.equal(s.attempts(kept.guid).length, 1, 'the stored one left alone')
  t.same(await s.redeliveries(), [{ delivery_id: lost.guid, reason: 'missing', hook: 'app' }])
})

t.test('a failed delivery with a later successful attempt is not redelivered', async (t) => {
  const s = await appDeliveries(t)
  s.door.answer(500)
  const failed = await s.push()
  s.door.answer(202)
  // Someone redelivered it by hand, and that attempt was stored.
  await s.app.redeliverHookDelivery(failed.id)
  await settle(s)
  await s.store(failed.guid)
  const report = await s.run()
  await settle(s)
  t.match(report, { failed: 0, missing: 0 })
  t.equal(s.attempts(failed.guid).length, 2, 'no third attempt')
})

t.test('a young delivery may still be in the inbox: left alone, and the watermark stops before it', async (t) => {
  const s = await appDeliveries(t)
  const old = await s.push('old')
  await s.store(old.guid)
  // The older delivery is judged (stored: nothing to do); the young one waits for a later run.
  old.deliveredAt = new Date(Date.now() - 10 * 60_000).toISOString()
  const young = await s.push('young')
  const report = await s.run({ graceMs: 120_000 })
  await settle(s)
  t.match(report, { inFlight: 1, failed: 0, missing: 0 })
  t.equal(s.attempts(young.guid).length, 1, 'not redelivered')
  t.same(await s.watermark(), new Date(old.deliveredAt), 'watermark at the newest judged delivery, not past the young one')

  // Once past the grace period it is judged: answered 202, never stored, so missing.
  const later = await s.run({ graceMs: 120_000, now: new Date(Date.now() + 121_000) })
  await settle(s)
  t.match(later, { missing: 1 })
  t.equal(s.attempts(young.guid).length, 2)
})

t.test('a delivery answered 2xx and still waiting in the inbox past the grace period (a backlog) is not lost: left, the watermark not past it', async (t) => {
  const s = await appDeliveries(t)
  const waiting = await s.push('waiting')
  await s.inInbox(waiting)
  const report = await s.run()
  await settle(s)
  t.match(report, { inFlight: 1, missing: 0 })
  t.equal(s.attempts(waiting.guid).length, 1, 'not redelivered')
  t.same(await s.redeliveries(), [], 'nothing claimed')
  const mark = await s.watermark()
  t.ok(mark === undefined || mark <= new Date(waiting.deliveredAt), 'the watermark does not pass it (the next run lists it again)')

  // Stored by a worker: the next run finds it in Postgres and asks for nothing.
  await s.store(waiting.guid)
  t.match(await s.run(), { inFlight: 0, missing: 0, failed: 0 })
  await settle(s)
  t.equal(s.attempts(waiting.guid).length, 1)
})

t.test('the watermark advances: what was judged before is not listed again', async (t) => {
  const s = await appDeliveries(t)
  const first = await s.push('first')
  await s.store(first.guid)
  t.equal(await s.watermark(), undefined, 'none before the first run')
  await s.run()
  const mark = await s.watermark()
  t.same(mark, new Date(first.deliveredAt))
  // A delivery GitHub lists as older than the watermark is behind it: not looked at again.
  s.door.answer(500)
  const behind = await s.push('behind')
  behind.deliveredAt = new Date(mark!.getTime() - 60_000).toISOString()
  const report = await s.run()
  await settle(s)
  t.match(report, { failed: 0 })
  t.equal(s.attempts(behind.guid).length, 1)
  t.same(await s.watermark(), mark, 'and the watermark stays')
})

t.test('two runs at once (two workers): each GUID is asked for once', async (t) => {
  const s = await appDeliveries(t)
  s.door.answer(500)
  const failed = [await s.push('a'), await s.push('b'), await s.push('c')]
  const reports = await Promise.all([s.run(), s.run(), s.run()])
  await settle(s)
  t.equal(reports.reduce((sum, report) => sum + report.failed, 0), 3, 'three redeliveries between them')
  for (const delivery of failed) t.equal(s.attempts(delivery.guid).length, 2, `${delivery.guid} redelivered once`)
  t.equal((await s.redeliveries()).length, 3)
})

t.test("GitHub's 3-day redelivery window: an older failed delivery is not asked for", async (t) => {
  const s = await appDeliveries(t)
  s.door.answer(500)
  const tooOld = await s.push('too old')
  tooOld.deliveredAt = new Date(Date.now() - 4 * 86_400_000).toISOString()
  const inWindow = await s.push('in window')
  inWindow.deliveredAt = new Date(Date.now() - REDELIVERY_WINDOW_MS + 3_600_000).toISOString()
  const report = await s.run()
  await settle(s)
  t.match(report, { failed: 1 })
  t.equal(s.attempts(tooOld.guid).length, 1, 'outside the window: left')
  t.equal(s.attempts(inWindow.guid).length, 2, 'inside: redelivered')
})

t.test('GitHub unavailable: the run fails, nothing is claimed and the watermark does not move', async (t) => {
  const s = await appDeliveries(t)
  const first = await s.push('first')
  await s.store(first.guid)
  await s.run()
  const mark = await s.watermark()
  s.door.answer(500)
  const failed = await s.push('during the outage')
  s.sim.control.setOutage({ status: 503 })
  await t.rejects(s.run(), { code: 'unavailable' })
  t.same(await s.watermark(), mark, 'watermark where it was')
  t.same(await s.redeliveries(), [], 'nothing claimed')
  s.sim.control.setOutage(null)
  const report = await s.run()
  await settle(s)
  t.match(report, { failed: 1 }, 'the next run does it')
  t.equal(s.attempts(failed.guid).length, 2)
})
