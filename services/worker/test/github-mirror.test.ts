import { DeploymentRequest, DeploymentStatus, PreviewComment } from '@gwm/domain'
import t from 'tap'
import { mirrorApp, REPO } from './helpers/mirror-app.ts'
import { until } from './helpers/start-worker.ts'

// App mode: GitHub shows what the platform is asked and what it reports. Each request gets a
// Deployment on the simulator once sent; platform statuses become deployment statuses; a pull
// request's successful previews keep one comment with the URL; a teardown marks the environment inactive.

t.test('a push to main: a production Deployment of its commit, stored on the request', async (t) => {
  const app = await mirrorApp(t)
  const pushed = await app.sim.control.push({ repo: REPO, commits: [{ message: 'ship it', files: { 'src/a.ts': 'a' } }] })
  const request = await app.requestOf(await app.deliver(pushed))
  const [deployment] = await until(() => app.deployments('production').length > 0 && app.deployments('production'), 15_000, 'Deployment on GitHub')
  t.match(deployment, { sha: pushed.after, environment: 'production', productionEnvironment: true, transientEnvironment: false, creator: 'gwm-local[bot]', payload: { requestId: request.id }, description: 'production: push to main', state: null })
  const stored = await until(() => app.b.orm.em.fork().findOne(DeploymentRequest, { id: request.id, githubDeploymentId: { $ne: null } }), 10_000, 'githubDeploymentId stored')
  t.equal(stored.githubDeploymentId, deployment!.id)
  t.equal(app.deployments().length, 1, 'one Deployment')

  const metrics = await (await app.worker.http.inject({ method: 'GET', url: '/metrics' })).body
  t.match(metrics, /gwm_worker_github_writes_total\{kind="deployment",outcome="ok",service="worker"\} 1\n/)
})

t.test('a preview: statuses mirrored with their URLs, one pull request comment, updated on the next preview', async (t) => {
  const app = await mirrorApp(t)
  const opened = await app.sim.control.pullRequest({ repo: REPO, action: 'opened', head: 'feature/shout' })
  const first = await app.requestOf(await app.deliver(opened))
  t.equal(first.environment, `pr-${opened.number}`)

  // Each status mirrored before the platform reports the next, as when a deployment takes its time.
  await app.finished(await app.report(first.id, { state: 'in_progress', logUrl: 'https://platform.example/logs/1' }))
  const live = await app.finished(await app.report(first.id, { state: 'success', environmentUrl: 'https://pr-1.preview.example', logUrl: 'https://platform.example/logs/1', description: 'ready' }))
  t.match(live.returnvalue, { comment: 'created' })
  const [deployment] = app.deployments(first.environment)
  t.match(deployment, { sha: first.sha, transientEnvironment: true, productionEnvironment: false, state: 'success' })
  t.match(deployment!.statuses, [
    { state: 'in_progress', logUrl: 'https://platform.example/logs/1', environmentUrl: '' },
    { state: 'success', environmentUrl: 'https://pr-1.preview.example', logUrl: 'https://platform.example/logs/1', description: 'ready' },
  ])
  const comments = app.comments(opened.number)
  t.equal(comments.length, 1)
  t.match(comments[0]!.body, /Preview deployed.*https:\/\/pr-1\.preview\.example/)
  t.equal(comments[0]!.user, 'gwm-local[bot]')
  const statuses = await app.b.orm.em.fork().find(DeploymentStatus, { request: first.id })
  t.ok(statuses.every((status) => status.githubStatusId !== null), 'each status stored its GitHub status id')

  // A new commit: a second preview, its success updates the same comment.
  await app.sim.control.push({ repo: REPO, branch: 'feature/shout', commits: [{ message: 'louder' }] })
  const second = await app.requestOf(await app.deliver(await app.sim.control.pullRequest({ repo: REPO, action: 'synchronize', number: opened.number })))
  t.match((await app.finished(await app.report(second.id, { state: 'success', environmentUrl: 'https://pr-1-v2.preview.example' }))).returnvalue, { comment: 'updated' })
  t.match(app.comments(opened.number)[0]!.body, /pr-1-v2/)
  t.equal(app.comments(opened.number).length, 1, 'still one comment')
  t.match(app.comments(opened.number)[0]!.body, new RegExp(second.sha!.slice(0, 7)))
  const row = await app.b.orm.em.fork().findOneOrFail(PreviewComment, { pullRequest: opened.number })
  t.match(row, { githubCommentId: comments[0]!.id, url: 'https://pr-1-v2.preview.example' })
  t.equal(app.deployments(first.environment).length, 2, 'a Deployment per preview')

  // A late in_progress after success is history: GitHub keeps showing success.
  const late = await app.report(second.id, { state: 'in_progress' })
  t.match((await app.finished(late)).returnvalue, { skipped: 'kept as history: it did not become the current state' })
  t.equal(app.deployments(first.environment)[0]!.state, 'success')
  t.equal(app.deployments(first.environment)[0]!.statuses.length, 1, 'nothing posted for it')
})

t.test('a teardown: the environment\'s deployments are marked inactive', async (t) => {
  const app = await mirrorApp(t)
  const opened = await app.sim.control.pullRequest({ repo: REPO, action: 'opened', head: 'feature/shout' })
  const preview = await app.requestOf(await app.deliver(opened))
  await app.finished(await app.report(preview.id, { state: 'success', environmentUrl: 'https://pr.preview.example' }))
  t.equal(app.deployments(preview.environment)[0]?.state, 'success', 'preview live on GitHub')

  const closed = await app.sim.control.pullRequest({ repo: REPO, action: 'closed', number: opened.number })
  const teardown = await app.requestOf(await app.deliver(closed))
  t.equal(teardown.kind, 'teardown')
  t.match((await app.finished(teardown.id)).returnvalue, { inactive: 1 })
  t.same(app.deployments(preview.environment).map((d) => d.state), ['inactive'], 'inactive on GitHub')
  t.equal(app.deployments(preview.environment).length, 1, 'a teardown makes no Deployment of its own')
  t.equal(app.comments(opened.number).length, 1)
})

t.test('a request never sent (superseded before its turn) gets no Deployment', async (t) => {
  const app = await mirrorApp(t)
  // The platform holds each answer: the first push is in flight while two more arrive; the middle one is superseded unsent.
  app.b.receiver.respond({ status: 200, stallMs: 400 })
  const ids = []
  for (const message of ['one', 'two', 'three']) ids.push(await app.deliver(await app.sim.control.push({ repo: REPO, commits: [{ message, files: { [`${message}.txt`]: message } }] })))
  const rows = await until(async () => {
    const found = await app.b.orm.em.fork().find(DeploymentRequest, {}, { orderBy: { sequence: 'asc' } })
    return found.length === 3 && found.every((row) => ['delivered', 'superseded'].includes(row.status)) && found
  }, 20_000, 'all settled')
  const sent = rows.filter((row) => row.attempts > 0)
  t.ok(rows.some((row) => row.status === 'superseded' && row.attempts === 0), 'one was superseded unsent')
  await until(async () => (await app.b.orm.em.fork().count(DeploymentRequest, { githubDeploymentId: { $ne: null } })) === sent.length, 15_000, 'the sent ones mirrored')
  t.same(app.deployments('production').map((d) => (d.payload as { requestId: string }).requestId).sort(), sent.map((row) => row.id).sort(), 'exactly the sent ones have a Deployment')
})
