import { randomUUID } from 'node:crypto'
import { HookCheck, Repository, Webhook } from '@gwm/domain'
import { SecretBox } from '@gwm/queue'
import t from 'tap'
import { reconcileApp } from './helpers/reconcile-app.ts'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// Hook health against the simulator: the App's webhook and our repository hooks checked, what
// GitHub's API can change repaired, what it cannot recorded for a person, every check a row.

const ALL_EVENTS = ['push', 'pull_request', 'create', 'delete', 'release', 'check_suite', 'check_run']
type App = Awaited<ReturnType<typeof reconcileApp>>

const checks = async (s: App) => (await s.b.orm.em.fork().find(HookCheck, {}, { orderBy: { checkedAt: 'asc', hook: 'asc' } })).map(({ hook, problems, repaired, error }) => ({ hook, problems, repaired, error }))
const deliveriesRuns = async (s: App) => (await s.worker.queues.reconcile.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).filter((job) => job.name === 'reconcile-deliveries').length

/** One of our hooks on octocat/hello-world, made through the API as set-up does, with its webhooks row. */
async function repositoryHook(s: App, box?: SecretBox) {
  const res = await fetch(`${s.sim.apiUrl}/repos/octocat/hello-world/hooks`, {
    method: 'POST',
    headers: { authorization: 'token octocat-token', 'content-type': 'application/json' },
    body: JSON.stringify({ config: { url: s.webhookUrl, content_type: 'json', secret: 'hook-secret' }, events: ALL_EVENTS }),
  })
  const hook = (await res.json()) as { id: number }
  const repository = await s.b.orm.em.fork().findOneOrFail(Repository, { githubId: 1296269 })
  const sealed = box ? box.seal('hook-secret', hook.id) : 'v1.none.none.none'
  await s.b.orm.em.fork().insert(Webhook, { id: randomUUID(), githubHookId: hook.id, repository: repository.id, events: ALL_EVENTS, secretEncrypted: sealed, active: true, createdAt: new Date(), updatedAt: new Date() })
  return hook.id
}

t.test('the App\'s webhook in order: one healthy check recorded, nothing changed', async (t) => {
  const s = await reconcileApp(t)
  s.sim.control.editApp('gwm-local', { events: ALL_EVENTS })
  t.match((await s.run('reconcile-hooks')).result, { checked: 1, drifted: 0, repaired: 0 })
  t.same(await checks(s), [{ hook: 'app', problems: [], repaired: false, error: null }])
  t.equal(await deliveriesRuns(s), 0)
})

t.test('the App\'s webhook turned off (no URL) or pointed elsewhere as form: repaired, recorded, its deliveries reconciled', async (t) => {
  const s = await reconcileApp(t)
  s.sim.control.editApp('gwm-local', { events: ALL_EVENTS, webhookUrl: null })
  t.match((await s.run('reconcile-hooks')).result, { checked: 1, drifted: 1, repaired: 1, reenabled: 1 })
  t.equal(s.sim.control.app().webhookUrl, s.webhookUrl, 'delivering to WEBHOOK_URL again')
  await until(() => deliveriesRuns(s), 10_000, 'a reconcile-deliveries run queued')

  s.sim.control.editApp('gwm-local', { webhookUrl: 'http://elsewhere.example/hook', webhookContentType: 'form' })
  t.match((await s.run('reconcile-hooks')).result, { drifted: 1, repaired: 1, reenabled: 0 })
  t.match(s.sim.control.app(), { webhookUrl: s.webhookUrl, webhookContentType: 'json', webhookSecret: 'app-webhook-secret' }, 'the secret left as it was')
  t.same(await checks(s), [
    { hook: 'app', problems: ['inactive: no URL'], repaired: true, error: null },
    { hook: 'app', problems: ['url: http://elsewhere.example/hook', 'content_type: form'], repaired: true, error: null },
  ])
})

t.test('the App not subscribed to an event: recorded for a person, not "repaired" (the API cannot change it)', async (t) => {
  const s = await reconcileApp(t)
  // The simulator's App, as registered, lacks check_run.
  t.match((await s.run('reconcile-hooks')).result, { drifted: 1, repaired: 0, needPerson: 1 })
  const [check] = await checks(s)
  t.match(check, { hook: 'app', problems: ['events: missing check_run'], repaired: false, error: /needs a person: subscribe the App to check_run in its settings/ })
  t.notOk(s.sim.control.app().events.includes('check_run'), 'the App\'s events unchanged')
})

const HOOKS_PERMISSION = { permissions: { contents: 'read' as const, deployments: 'write' as const, checks: 'read' as const, pull_requests: 'read' as const, repository_hooks: 'write' as const }, events: ALL_EVENTS }

t.test('repository hooks: the App may not read them without the repository_hooks permission, and the check says so', async (t) => {
  const s = await reconcileApp(t, {}, { events: ALL_EVENTS })
  const hookId = await repositoryHook(s)
  t.match((await s.run('reconcile-hooks')).result, { checked: 2, repaired: 0 })
  t.match((await checks(s)).find((check) => check.hook === String(hookId)), { problems: [], repaired: false, error: /not checked: the App may not read this repository's hooks/ })
})

t.test('a repository hook GitHub turned off, missing an event: on again, config untouched, its deliveries reconciled', async (t) => {
  const s = await reconcileApp(t, {}, HOOKS_PERMISSION)
  const hookId = await repositoryHook(s)
  s.sim.control.editHook('octocat/hello-world', hookId, { active: false, events: ALL_EVENTS.filter((event) => event !== 'check_run') })
  t.match((await s.run('reconcile-hooks')).result, { repaired: 1, reenabled: 1 })
  t.match(s.sim.control.hooks('octocat/hello-world')[0], { active: true, events: ALL_EVENTS, secret: 'hook-secret', url: s.webhookUrl }, 'on again, config untouched')
  t.match((await checks(s)).find((check) => check.hook === String(hookId)), { problems: ['inactive', 'events: missing check_run'], repaired: true, error: null })
  t.equal((await s.b.orm.em.fork().findOneOrFail(Webhook, { githubHookId: hookId })).active, true)
  const metrics = (await s.worker.http.inject('/metrics')).body
  t.match(metrics, /\ngwm_worker_hook_problems_total\{problem="inactive",service="worker"\} 1\n/, 'the hook found off is counted (the alert\'s series)')
  t.match(metrics, /\ngwm_worker_hook_problems_total\{problem="events",service="worker"\} 1\n/)
  t.match(metrics, /\ngwm_worker_reconcile_found_total\{job="reconcile-hooks",item="reenabled",service="worker"\} 1\n/, 'and the run\'s counts')
  await until(() => deliveriesRuns(s), 10_000, 'a reconcile-deliveries run queued')
})

t.test('a repository hook pointed elsewhere without a secret: sent whole again with the secret from Postgres', async (t) => {
  const s = await reconcileApp(t, {}, HOOKS_PERMISSION)
  const hookId = await repositoryHook(s, new SecretBox(s.b.config.SECRETS_KEY!))
  s.sim.control.editHook('octocat/hello-world', hookId, { url: 'http://elsewhere.example/hook', secret: null })
  t.match((await s.run('reconcile-hooks')).result, { repaired: 1, reenabled: 0 })
  t.match(s.sim.control.hooks('octocat/hello-world')[0], { url: s.webhookUrl, secret: 'hook-secret', contentType: 'json', active: true })
  t.match((await checks(s)).find((check) => check.hook === String(hookId)), { problems: ['url: http://elsewhere.example/hook', 'secret: none'], repaired: true, error: null })
})

t.test('GitHub failing: the run fails and records nothing', async (t) => {
  const s = await reconcileApp(t)
  s.sim.control.editApp('gwm-local', { webhookUrl: null })
  s.sim.control.setOutage({ status: 502 })
  const run = await s.run('reconcile-hooks')
  t.ok(run.failed, `failed: ${run.failed}`)
  s.sim.control.setOutage(null)
  t.same(await checks(s), [])
  t.equal(s.sim.control.app().webhookUrl, null, 'nothing changed on GitHub')
})

t.test('OAuth App mode: repository hooks cannot be checked without a credential, and the run says so', async (t) => {
  const b = await backing(t, { RECONCILE_PUSHES_INTERVAL_MS: '0', RECONCILE_HOOKS_INTERVAL_MS: '0', RECONCILE_DELIVERIES_INTERVAL_MS: '0', REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0' })
  const worker = await startWorker(t, b)
  const em = b.orm.em.fork()
  const repository = em.create(Repository, { githubId: 77, fullName: 'octocat/oauth-repo' })
  await em.flush()
  await em.insert(Webhook, { id: randomUUID(), githubHookId: 7007, repository: repository.id, events: ALL_EVENTS, secretEncrypted: 'v1.x.y.z', active: true, createdAt: new Date(), updatedAt: new Date() })
  const job = await worker.queues.reconcile.add('reconcile-hooks', {})
  const done = await until(async () => {
    const current = await worker.queues.reconcile.getJob(job.id!)
    return current?.finishedOn ? current : undefined
  }, 10_000, 'ran')
  t.match(done.returnvalue, { checked: 0, unchecked: 1, why: /OAuth App mode: the worker holds no GitHub credential/ })
  t.equal(await b.orm.em.fork().count(HookCheck, {}), 0)
})
