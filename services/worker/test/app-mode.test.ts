import { DeploymentRequest, DeployRules, Installation, Repository, WebhookEvent } from '@gwm/domain'
import { readInstallation } from '@gwm/queue'
import { closedPort, example, examples, openRequestsDrift } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// GitHub App mode in the worker: installation events keep installations and repository coverage
// in Postgres (and the ingest's registry); deliveries through an installation carry it to the
// platform; a suspended installation derives nothing; a repository taken out of an installation
// gets no callback for what was still waiting.
const APP_HOOK = 9001
const created = () => example('installation', 'created') as { installation: { id: number; account: { id: number } }; repositories: Array<{ id: number; full_name: string }> } & Record<string, unknown>
const INSTALLATION = created().installation.id
const push = () => ({ ...examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!, installation: { id: INSTALLATION } }) as unknown as Record<string, unknown> & { repository: { id: number; full_name: string; clone_url: string } }

t.test('installation events keep installations and coverage, in Postgres and in the ingest registry', async (t) => {
  const b = await backing(t)
  await startWorker(t, b)
  await b.appendEvent('installation', created(), { hookId: APP_HOOK })
  const em = () => b.orm.em.fork()
  const installation = await until(() => em().findOne(Installation, { id: INSTALLATION }), 10_000, 'installation stored')
  t.match(installation, { accountLogin: 'Codertocat', repositorySelection: 'selected', suspendedAt: null, deletedAt: null })
  const repository = await em().findOneOrFail(Repository, { githubId: created().repositories[0]!.id })
  t.equal(repository.installationId, INSTALLATION, 'the repository it lists is covered')
  const record = await until(() => readInstallation(b.redis.client, b.redis.prefix, INSTALLATION), 5_000, 'registry published')
  t.match(record, { id: INSTALLATION, selection: 'selected', deleted: false, repositoryIds: [repository.githubId] })

  const suspend = { ...created(), action: 'suspend', installation: { ...created().installation, suspended_at: '2026-12-06T00:00:00Z' } }
  await b.appendEvent('installation', suspend, { hookId: APP_HOOK })
  await until(async () => (await em().findOneOrFail(Installation, { id: INSTALLATION })).suspendedAt, 10_000, 'suspended')
  await until(async () => (await readInstallation(b.redis.client, b.redis.prefix, INSTALLATION))?.suspended, 5_000, 'registry says suspended')

  await b.appendEvent('installation', { ...created(), action: 'deleted' }, { hookId: APP_HOOK })
  await until(async () => (await em().findOneOrFail(Installation, { id: INSTALLATION })).deletedAt, 10_000, 'uninstalled')
  t.equal((await em().findOneOrFail(Repository, { id: repository.id })).installationId, null, 'uninstalling disconnects its repositories')
  const gone = await until(async () => {
    const record = await readInstallation(b.redis.client, b.redis.prefix, INSTALLATION)
    return record?.deleted && record
  }, 5_000, 'registry says uninstalled')
  t.same(gone.repositoryIds, [], 'and covers nothing')
})

t.test('a push through an installation reaches the platform with its clone URL and installation', async (t) => {
  const b = await backing(t)
  await startWorker(t, b)
  await b.appendEvent('installation', created(), { hookId: APP_HOOK })
  await until(() => b.orm.em.fork().findOne(Installation, { id: INSTALLATION }), 10_000, 'installation stored')
  const deliveryId = await b.appendEvent('push', push(), { hookId: APP_HOOK })
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  const [callback] = b.receiver.delivered()
  t.match(callback?.body, { type: 'deployment.requested', data: { installationId: INSTALLATION, repository: { cloneUrl: push().repository.clone_url, fullName: push().repository.full_name }, event: { deliveryId } } })
  t.equal((await b.orm.em.fork().findOneOrFail(WebhookEvent, { deliveryId })).installationId, INSTALLATION)
})

t.test('a suspended installation: its events are stored, derive nothing, and say why', async (t) => {
  const b = await backing(t)
  await startWorker(t, b)
  const suspended = { ...created(), installation: { ...created().installation, suspended_at: '2026-12-06T00:00:00Z' } }
  await b.appendEvent('installation', suspended, { hookId: APP_HOOK })
  await until(() => b.orm.em.fork().findOne(Installation, { id: INSTALLATION, suspendedAt: { $ne: null } }), 10_000, 'installation stored suspended')
  const deliveryId = await b.appendEvent('push', push(), { hookId: APP_HOOK })
  const event = await until(() => b.orm.em.fork().findOne(WebhookEvent, { deliveryId }), 10_000, 'push stored')
  t.match(event.decision, /installation \d+ is suspended/)
  t.equal(await b.orm.em.fork().count(DeploymentRequest, { event: event.id }), 0, 'no deployment request')
  t.equal(b.receiver.requests.length, 0, 'nothing sent')
})

t.test('a repository removed from the installation while its request waits to be sent: not sent, reason recorded', async (t) => {
  const b = await backing(t)
  await startWorker(t, b)
  await b.appendEvent('installation', created(), { hookId: APP_HOOK })
  await until(() => b.orm.em.fork().findOne(Installation, { id: INSTALLATION }), 10_000, 'installation stored')
  // The platform asks for a minute's patience: the request waits, pending.
  b.receiver.respond({ status: 503, retryAfter: '60' })
  const deliveryId = await b.appendEvent('push', push(), { hookId: APP_HOOK })
  const pending = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId }, status: 'pending', attempts: 1 }), 10_000, 'request waiting to retry')
  const removed = {
    action: 'removed',
    installation: created().installation,
    repository_selection: 'selected',
    repositories_added: [],
    repositories_removed: [{ id: push().repository.id, full_name: push().repository.full_name, private: false }],
    sender: created().sender,
  }
  await b.appendEvent('installation_repositories', removed, { hookId: APP_HOOK })
  const cancelled = await until(() => b.orm.em.fork().findOne(DeploymentRequest, { id: pending.id, status: 'cancelled' }), 10_000, 'request cancelled')
  t.match(cancelled.lastError, /not sent: the repository was removed from the GitHub App's installation/)
  t.equal((await b.orm.em.fork().findOneOrFail(Repository, { githubId: push().repository.id })).installationId, null)
  t.equal(b.receiver.delivered().length, 0, 'the platform never got it')
  t.same(await openRequestsDrift(b.orm.em.fork()), [], 'open_requests holds the open requests as they are')
})

t.test('at start, a worker in App mode brings installations in line with what GitHub lists (events it never got)', async (t) => {
  const { startGitHubSim } = await import('@gwm/github-sim')
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  // Installed while no worker listened: the App webhook points nowhere.
  const { id } = await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })
  const credentials = sim.control.app()
  const b = await backing(t, { GITHUB_APP_ID: String(credentials.id), GITHUB_APP_PRIVATE_KEY: credentials.privateKey, GITHUB_API_URL: sim.apiUrl })
  const worker = await startWorker(t, b)
  await worker.synced
  const em = () => b.orm.em.fork()
  t.match(await em().findOneOrFail(Installation, { id }), { accountLogin: 'octocat', deletedAt: null })
  t.equal((await em().findOneOrFail(Repository, { githubId: 1296269 })).installationId, id, 'octocat/hello-world is covered')
  t.match(await readInstallation(b.redis.client, b.redis.prefix, id), { repositoryIds: [1296269] }, 'and the ingest knows it')

  // Uninstalled while nothing ran: the next start disconnects it.
  await sim.control.uninstall({ installation: id })
  const next = await startWorker(t, b)
  await next.synced
  t.ok((await em().findOneOrFail(Installation, { id })).deletedAt, 'uninstalled')
  t.equal((await em().findOneOrFail(Repository, { githubId: 1296269 })).installationId, null, 'its repository disconnected')
})

t.test('App mode: a push whose payload may not list every file asks GitHub\'s compare API for the paths filter', async (t) => {
  const { startGitHubSim } = await import('@gwm/github-sim')
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  // The App's webhook points nowhere: the test hands its deliveries to the worker itself.
  sim.control.editApp('gwm-local', { webhookUrl: `http://127.0.0.1:${await closedPort()}/api/webhook` })
  await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })
  const credentials = sim.control.app()
  const b = await backing(t, { GITHUB_APP_ID: String(credentials.id), GITHUB_APP_PRIVATE_KEY: credentials.privateKey, GITHUB_API_URL: sim.apiUrl })
  const worker = await startWorker(t, b)
  await worker.synced
  const em = () => b.orm.em.fork()
  const repository = await em().findOneOrFail(Repository, { githubId: 1296269 })
  await em().insert(DeployRules, { id: crypto.randomUUID(), repository: repository.id, version: 1, rules: { paths: { include: ['src/**'] } }, changedBy: 'platform', createdAt: new Date() })

  // 21 commits; the payload lists the first 20 (GitHub's cap), all under docs/: only the compare API shows the last one.
  const pushed = async (last: string) => {
    const commits = Array.from({ length: 20 }, (_, i) => ({ message: `docs ${i}`, files: { [`docs/page-${i}.md`]: `page ${i}` } }))
    commits.push({ message: 'the last one', files: { [last]: 'changed' } })
    const result = await sim.control.push({ repo: 'octocat/hello-world', commits, commitLimit: 20 })
    const app = result.deliveries.find((d) => d.installationId !== null)!
    return b.appendEvent('push', app.request.payload, { hookId: app.hookId })
  }
  const code = await pushed('src/main.ts')
  const deployed = await until(() => em().findOne(WebhookEvent, { deliveryId: code }), 10_000, 'stored')
  t.equal(deployed.decision, 'production: push to main', 'the compare API showed src/main.ts: deployed')
  const docs = await pushed('docs/last.md')
  const skipped = await until(() => em().findOne(WebhookEvent, { deliveryId: docs }), 10_000, 'stored')
  t.equal(skipped.decision, 'skipped: paths', 'only docs changed, as the compare API shows: skipped')
})
