import { DeploymentRequest, DeployRules, Repository, WebhookEvent } from '@gwm/domain'
import { type GitHubSim, startGitHubSim } from '@gwm/github-sim'
import { closedPort } from '@gwm/testkit'
import t from 'tap'
import { type Backing, backing, startWorker, until } from './helpers/start-worker.ts'

// Preview rules end to end: pull requests from a fork and labels, as the simulator's GitHub
// sends them to our hook, stored by a real worker under the repository's rules.
async function setup(t: Parameters<typeof backing>[0]) {
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  // Our hook on octocat/hello-world, pointed nowhere: the test hands the deliveries to the worker.
  const hook = await fetch(`${sim.apiUrl}/repos/octocat/hello-world/hooks`, {
    method: 'POST',
    headers: { authorization: 'token octocat-token', 'content-type': 'application/json' },
    body: JSON.stringify({ config: { url: `http://127.0.0.1:${await closedPort()}/api/webhook`, content_type: 'json', secret: 's3cret-for-tests' }, events: ['pull_request'] }),
  })
  t.equal(hook.status, 201)
  const b = await backing(t)
  await startWorker(t, b)
  return { sim, b }
}

/** Hands the simulator's deliveries of one action to the worker, as the ingest would, and waits for their events. */
async function deliver(b: Backing, deliveries: Awaited<ReturnType<GitHubSim['control']['pullRequest']>>['deliveries']) {
  const ids = []
  for (const delivery of deliveries) ids.push(await b.appendEvent(delivery.event, delivery.request.payload, { hookId: delivery.hookId }))
  return Promise.all(ids.map((deliveryId) => until(() => b.orm.em.fork().findOne(WebhookEvent, { deliveryId }), 10_000, 'stored')))
}

t.test('a pull request from a fork gets no preview by default; with forks: labeled, the label deploys it', async (t) => {
  const { sim, b } = await setup(t)
  await sim.control.fork({ repo: 'octocat/hello-world', owner: 'hubot' })
  await sim.control.push({ repo: 'hubot/hello-world', branch: 'patch-1', commits: [{ message: 'a change from a fork', files: { 'src/x.ts': 'x' } }] })
  const opened = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'hubot:patch-1', title: 'From a fork' })
  const [event] = await deliver(b, opened.deliveries)
  t.equal(event!.decision, 'skipped: fork', 'untrusted code gets no preview')
  t.equal(await b.orm.em.fork().count(DeploymentRequest, {}), 0)

  const repository = await b.orm.em.fork().findOneOrFail(Repository, { githubId: 1296269 })
  await b.orm.em.fork().insert(DeployRules, { id: crypto.randomUUID(), repository: repository.id, version: 1, rules: { previews: { forks: 'labeled' } }, changedBy: 'platform', createdAt: new Date() })
  const labeled = await sim.control.addLabel({ repo: 'octocat/hello-world', number: opened.number, label: 'deploy-preview' })
  const [label] = await deliver(b, labeled.deliveries)
  t.match(label!.decision, /^preview: pull request #\d+ labeled deploy-preview/)
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  const body = b.receiver.delivered()[0]!.body
  t.match(body?.data, { kind: 'preview', pullRequest: { number: opened.number, fromFork: true, headRepository: 'hubot/hello-world', title: 'From a fork' } }, 'the platform is told it is a fork')
})

t.test('previews: labeled — only a labeled pull request is previewed, and removing the label tears it down', async (t) => {
  const { sim, b } = await setup(t)
  const repository = await (async () => {
    const em = b.orm.em.fork()
    const row = em.create(Repository, { githubId: 1296269, fullName: 'octocat/hello-world', defaultBranch: 'main', private: false })
    await em.flush()
    return row
  })()
  await b.orm.em.fork().insert(DeployRules, { id: crypto.randomUUID(), repository: repository.id, version: 1, rules: { previews: { pullRequests: 'labeled' } }, changedBy: 'platform', createdAt: new Date() })
  await sim.control.push({ repo: 'octocat/hello-world', branch: 'feature/y', commits: [{ message: 'on a branch' }] })
  const opened = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'feature/y' })
  const [event] = await deliver(b, opened.deliveries)
  t.equal(event!.decision, 'skipped: not labeled deploy-preview')
  await deliver(b, (await sim.control.addLabel({ repo: 'octocat/hello-world', number: opened.number, label: 'deploy-preview' })).deliveries)
  // The preview is up before the label goes: a teardown stored while the preview still waited
  // its turn supersedes it (it is never sent), which is coalescing, not what this test is about.
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  await deliver(b, (await sim.control.removeLabel({ repo: 'octocat/hello-world', number: opened.number, label: 'deploy-preview' })).deliveries)
  await b.receiver.waitFor((r) => r.delivered().length === 2, 10_000)
  t.same(b.receiver.delivered().map((r) => r.body?.type), ['deployment.requested', 'deployment.teardown'], 'previewed when labeled, torn down when unlabeled')
})
