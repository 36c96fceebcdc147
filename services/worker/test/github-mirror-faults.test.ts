import { DeploymentRequest } from '@gwm/domain'
import t from 'tap'
import { mirrorApp, REPO } from './helpers/mirror-app.ts'
import { until } from './helpers/start-worker.ts'

// The GitHub mirror under failure: GitHub's deployment endpoints down or rate-limited delay the
// mirror, never the callback; two workers make one Deployment per request.

t.test('GitHub\'s deployment endpoints down: the callback arrives on time, the mirror completes once they are back', async (t) => {
  const app = await mirrorApp(t)
  app.sim.control.setOutage({ status: 503, scope: 'deployments' })
  const started = Date.now()
  const pushed = await app.sim.control.push({ repo: REPO, commits: [{ message: 'during an outage' }] })
  const deliveryId = await app.deliver(pushed)
  await app.b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  t.ok(Date.now() - started < 5_000, 'the platform got its callback at once')
  const request = await app.requestOf(deliveryId)
  t.equal(request.status, 'delivered')
  await until(() => app.sim.control.stats().outages > 0, 15_000, 'the mirror tried GitHub')
  t.equal(app.deployments().length, 0, 'no Deployment while GitHub is down')

  app.sim.control.setOutage(null)
  // BullMQ's backoff (10 s, doubling) would wait: time passes for the delayed retry.
  await until(async () => {
    await app.githubWrites.promoteJobs()
    return app.deployments('production').length === 1
  }, 30_000, 'mirrored after recovery')
  t.match(app.deployments('production')[0], { sha: pushed.after, payload: { requestId: request.id } })
  await until(() => app.b.orm.em.fork().findOne(DeploymentRequest, { id: request.id, githubDeploymentId: { $ne: null } }), 10_000, 'stored')
  const metrics = (await app.worker.http.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, /gwm_worker_github_writes_total\{kind="deployment",outcome="ok",service="worker"\} 1\n/)
})

t.test('GitHub\'s rate limit (429, quota used up): the mirror waits for the reset, then writes', async (t) => {
  const app = await mirrorApp(t)
  // Two refusals: the client waits out the first itself, the second makes the job wait (delayed) until the reset.
  app.sim.control.setRateLimit({ kind: 'primary', status: 429, resetIn: 1, scope: 'deployments', times: 2 })
  const pushed = await app.sim.control.push({ repo: REPO, commits: [{ message: 'rate limited' }] })
  const request = await app.requestOf(await app.deliver(pushed))
  await until(() => app.deployments('production').length === 1, 20_000, 'mirrored after the reset')
  t.equal(app.sim.control.stats().rateLimited, 2)
  t.match(app.deployments('production')[0], { payload: { requestId: request.id } })
  // BullMQ counts an attempt when a run finishes; a run put back to wait for the reset does not.
  const job = await app.finished(request.id)
  t.equal(job.attemptsStarted, 2, 'run twice: refused, then after the reset')
  t.equal(job.attemptsMade, 1, 'waiting for the rate limit used up no attempt')
})

t.test('two workers: one Deployment per request, even when its status job runs at the same time', async (t) => {
  const app = await mirrorApp(t)
  await app.start()
  const requests = []
  for (const message of ['a', 'b', 'c']) {
    await app.sim.control.push({ repo: REPO, branch: `feature/${message}`, commits: [{ message }] })
    const pull = await app.sim.control.pullRequest({ repo: REPO, action: 'opened', head: `feature/${message}` })
    const request = await app.requestOf(await app.deliver(pull))
    // Statuses queued straight away: the status job and the deployment job race for the Deployment.
    await app.report(request.id, { state: 'in_progress' })
    await app.report(request.id, { state: 'success', environmentUrl: `https://${message}.preview.example` })
    requests.push(request)
  }
  for (const request of requests) {
    await until(() => app.deployments(request.environment)[0]?.state === 'success', 20_000, `${request.environment} mirrored`)
    t.equal(app.deployments(request.environment).length, 1, `${request.environment}: one Deployment`)
  }
  await app.idle()
  t.equal(app.deployments().length, 3, 'three in all')
  t.same(requests.map((request) => app.comments(request.pullRequest!).length), [1, 1, 1], 'one preview comment per pull request')
})
