import { startGitHubSim } from '@gwm/github-sim'
import { addJob } from '@gwm/queue'
import { startHookReceiver } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// The reconcile stage as the worker runs it: BullMQ job schedulers on the reconcile queue, one
// run at a time across two workers, each job by its name.

t.test('two App-mode workers: one schedule per job, one run at a time, a failed delivery never asked for twice at once', async (t) => {
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  const door = await startHookReceiver(t, { status: 500 })
  const credentials = sim.control.editApp('gwm-local', { webhookUrl: door.url })
  const b = await backing(t, {
    GITHUB_APP_ID: String(credentials.id),
    GITHUB_APP_PRIVATE_KEY: credentials.privateKey,
    GITHUB_API_URL: sim.apiUrl,
    RECONCILE_DELIVERIES_INTERVAL_MS: '300',
    RECONCILE_GRACE_MS: '0',
    RECONCILE_PUSHES_INTERVAL_MS: '0',
    RECONCILE_HOOKS_INTERVAL_MS: '600000',
  })
  // The App's first delivery (the installation) fails: the door answers 500.
  const installed = await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })
  const [first] = installed.deliveries
  const workers = [await startWorker(t, b), await startWorker(t, b)]
  const queue = workers[0]!.queues.reconcile

  // The door fails the redelivery too, so a later run asks again, but only once the claim is a
  // second old (redelivery-claims.ts), three asks at most: two workers never ask at once. Each
  // ask is timed as it is seen here (the simulator's own times are in whole seconds).
  const seen: number[] = []
  const redelivered = () => sim.control.deliveries({ guid: first!.guid }).filter((delivery) => delivery.redelivery).length
  const watchUntil = Date.now() + 10_000
  while (Date.now() < watchUntil && (seen.length === 0 || Date.now() - seen[0]! < 2_500)) {
    while (redelivered() > seen.length) seen.push(Date.now())
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await sim.control.idle()
  t.ok(seen.length >= 1 && seen.length <= 3 && redelivered() <= 3, `the failed delivery asked for ${redelivered()} time(s) in 2.5 s, three at most`)
  const gaps = seen.slice(1).map((at, i) => at - seen[i]!)
  t.ok(gaps.every((gap) => gap >= 700), `never asked twice at once, across the intervals and two workers (between asks: ${gaps.join(', ') || 'none'} ms)`)

  const schedulers = (await queue.getJobSchedulers()).map((scheduler) => `${scheduler.key} every ${scheduler.every}`).sort()
  t.same(schedulers, ['maintain-partitions every 120000', 'prune-events every 3600000', 'rebuild-secret-registry every 3600000', 'reconcile-deliveries every 300', 'reconcile-hooks every 600000'], 'one scheduler per job; an interval of 0 has none')
  t.equal(await queue.getGlobalConcurrency(), 1, 'one job at a time across workers')

  const runs = (await queue.getJobs(['completed'])).filter((job) => job.processedOn && job.finishedOn).sort((a, b) => a.processedOn! - b.processedOn!)
  t.ok(runs.length >= 3, `${runs.length} runs completed`)
  const overlaps = runs.slice(1).filter((run, index) => run.processedOn! < runs[index]!.finishedOn!)
  t.same(overlaps.map((run) => run.id), [], 'no run started before the previous one finished')
  t.ok(runs.some((run) => run.name === 'reconcile-deliveries' && run.returnvalue?.failed === 1), 'a run redelivered it')

  const metrics = await workers[0]!.http.inject({ url: '/metrics' })
  const both = metrics.body + (await workers[1]!.http.inject({ url: '/metrics' })).body
  t.match(both, /gwm_worker_reconcile_runs_total\{job="reconcile-deliveries",outcome="ok",service="worker"\} [1-9]/)
  const counted = [...both.matchAll(/gwm_worker_redeliveries_total\{reason="failed",service="worker"\} (\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0)
  t.equal(counted, redelivered(), 'the workers counted each ask once')

  // Any job can be run at once by name: hook health checks the App's webhook.
  const job = await addJob(queue, 'reconcile-hooks', {})
  await until(async () => (await queue.getJob(job.id!))?.finishedOn, 10_000, 'reconcile-hooks ran')
  t.match((await queue.getJob(job.id!))?.returnvalue, { checked: 1 })
})

t.test('bad reconcile jobs fail at once, naming the problem', async (t) => {
  const b = await backing(t, { RECONCILE_DELIVERIES_INTERVAL_MS: '0', RECONCILE_PUSHES_INTERVAL_MS: '0', RECONCILE_HOOKS_INTERVAL_MS: '0', REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0', PRUNE_EVENTS_INTERVAL_MS: '0' })
  const worker = await startWorker(t, b)
  const queue = worker.queues.reconcile
  const unknown = await queue.add('reconcile-everything', {})
  const badData = await queue.add('reconcile-deliveries', { repositoryId: 42 })
  for (const [job, reason] of [[unknown, /unknown job name "reconcile-everything" on the reconcile queue/], [badData, /invalid reconcile-deliveries job: .*repositoryId/]] as const) {
    const failed = await until(async () => (await queue.getJob(job.id!))?.failedReason, 10_000, `${job.name} failed`)
    t.match(failed, reason)
    t.equal((await queue.getJob(job.id!))?.attemptsMade, 1, 'not retried')
  }
  t.same((await queue.getJobSchedulers()).map((scheduler) => scheduler.key), ['maintain-partitions'], 'every interval 0: no schedulers but the partitions\' upkeep, which is not optional')
})

t.test('OAuth App mode: delivery reconciliation is off, and says so', async (t) => {
  const b = await backing(t, { RECONCILE_DELIVERIES_INTERVAL_MS: '0' })
  const worker = await startWorker(t, b)
  const job = await addJob(worker.queues.reconcile, 'reconcile-deliveries', {})
  await until(async () => (await worker.queues.reconcile.getJob(job.id!))?.finishedOn, 10_000, 'run finished')
  t.same((await worker.queues.reconcile.getJob(job.id!))?.returnvalue, { skipped: 'OAuth App mode' })
})
