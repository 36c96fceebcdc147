import { DeploymentRequest, Repository, WebhookEvent } from '@gwm/domain'
import t from 'tap'
import { reconcileApp } from './helpers/reconcile-app.ts'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// Missed pushes (App mode) against the simulator: a push GitHub never delivered is found on the
// branch, stored as the push it was (source reconciled) and reaches the platform once; a late
// delivery, a branch in sync and GitHub failing derive nothing.

type Callback = { data: { sha: string; reason: string; environment: string; event: { deliveryId: string; name: string } } }
const bodies = (s: Awaited<ReturnType<typeof reconcileApp>>) => s.b.receiver.delivered().map((request) => request.body as Callback)

/** A first push GitHub delivered: what the reconciliation compares the branch with. */
async function baseline(s: Awaited<ReturnType<typeof reconcileApp>>) {
  await s.deliver(await s.push('baseline'))
  await s.b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
}

t.test('a push GitHub never sent: one callback for the new head, reason reconciled, once however often it runs', async (t) => {
  const s = await reconcileApp(t, { RECONCILE_GRACE_MS: '0' })
  await baseline(s)
  const missed = await s.push('never delivered', { undelivered: true })
  t.same(missed.deliveries, [], 'GitHub sent nothing')

  const first = await s.run('reconcile-pushes')
  t.match(first.result, { repositories: 1, branches: 1, reconciled: 1 })
  await s.b.receiver.waitFor((r) => r.delivered().length === 2, 10_000)
  const callback = bodies(s)[1]!
  t.match(callback.data, { sha: missed.after, environment: 'production', reason: 'reconciled: production: push to main', event: { name: 'push' } })
  const repository = await s.b.orm.em.fork().findOneOrFail(Repository, { githubId: 1296269 })
  t.equal(callback.data.event.deliveryId, `reconciled-${repository.id}-${missed.after}`, 'its delivery id names the repository and the commit')
  const event = await s.b.orm.em.fork().findOneOrFail(WebhookEvent, { deliveryId: callback.data.event.deliveryId })
  t.equal(event.source, 'reconciled')
  t.match(event.payload, { ref: 'refs/heads/main', before: bodies(s)[0]!.data.sha, after: missed.after, forced: false, head_commit: { id: missed.after, message: 'never delivered', added: ['src/never-delivered.txt'] } }, 'shaped like GitHub\'s push')

  // Again, and on two workers at once: the branch is in sync now, and nothing is sent twice.
  t.match((await s.run('reconcile-pushes')).result, { inSync: 1, reconciled: 0 })
  const other = await s.start()
  const both = await Promise.all([s.run('reconcile-pushes'), s.run('reconcile-pushes', other)])
  t.same(both.map((run) => run.result?.reconciled), [0, 0])
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(s.b.receiver.delivered().length, 2, 'one callback for the missed push')
  t.equal(await s.b.orm.em.fork().count(WebhookEvent, { source: 'reconciled' }), 1)
})

t.test('two workers that both find the same missed push store it once', async (t) => {
  const s = await reconcileApp(t, { RECONCILE_GRACE_MS: '0' })
  await baseline(s)
  const missed = await s.push('found twice', { undelivered: true })
  const other = await s.start()
  // The queue runs one job at a time across workers; the unique delivery id holds even without that.
  const runs = await Promise.all([s.run('reconcile-pushes'), s.run('reconcile-pushes', other)])
  t.same(runs.map((run) => run.failed), [undefined, undefined])
  await s.b.receiver.waitFor((r) => r.delivered().length === 2, 10_000)
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.same(bodies(s).map((body) => body.data.sha).slice(1), [missed.after], 'one request for it')
})

t.test('a head whose delivery may still be on its way (younger than the grace period) is left alone', async (t) => {
  const s = await reconcileApp(t, { RECONCILE_GRACE_MS: '60000' })
  await baseline(s)
  await s.push('just pushed', { undelivered: true })
  t.match((await s.run('reconcile-pushes')).result, { young: 1, reconciled: 0 })
  t.equal(await s.b.orm.em.fork().count(WebhookEvent, { source: 'reconciled' }), 0)
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(s.b.receiver.delivered().length, 1, 'nothing sent')
})

t.test('a branch in sync, or one nothing was ever received for, derives nothing', async (t) => {
  const s = await reconcileApp(t, { RECONCILE_GRACE_MS: '0' })
  t.match((await s.run('reconcile-pushes')).result, { branches: 1, noBaseline: 1, reconciled: 0 }, 'never received: its head predates the connection')
  await baseline(s)
  t.match((await s.run('reconcile-pushes')).result, { branches: 1, inSync: 1, reconciled: 0 })
  // A push to a branch the rules do not deploy is not looked at.
  await s.push('elsewhere', { undelivered: true, branch: 'feature/x' })
  t.match((await s.run('reconcile-pushes')).result, { branches: 1, reconciled: 0 })
  t.equal(await s.b.orm.em.fork().count(DeploymentRequest, {}), 1)
})

t.test('GitHub failing: the run fails, naming it, and stores nothing', async (t) => {
  const s = await reconcileApp(t, { RECONCILE_GRACE_MS: '0' })
  await baseline(s)
  await s.push('during an outage', { undelivered: true })
  s.sim.control.setOutage({ status: 503 })
  const run = await s.run('reconcile-pushes')
  t.match(run.failed, /missed pushes: 1 of 1 repositories could not be checked \(octocat\/hello-world: /)
  t.equal(await s.b.orm.em.fork().count(WebhookEvent, { source: 'reconciled' }), 0)
  s.sim.control.setOutage(null)
  t.match((await s.run('reconcile-pushes')).result, { reconciled: 1 }, 'the next run finds it')
})

t.test('OAuth App mode: no credential, the job says so and does nothing', async (t) => {
  const b = await backing(t, { RECONCILE_PUSHES_INTERVAL_MS: '0', RECONCILE_HOOKS_INTERVAL_MS: '0', RECONCILE_DELIVERIES_INTERVAL_MS: '0', REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0' })
  const worker = await startWorker(t, b)
  const job = await worker.queues.reconcile.add('reconcile-pushes', {})
  const done = await until(async () => {
    const current = await worker.queues.reconcile.getJob(job.id!)
    return current?.finishedOn ? current : undefined
  }, 10_000, 'ran')
  t.match(done.returnvalue, { skipped: /OAuth App mode: the worker holds no GitHub credential/ })
})
