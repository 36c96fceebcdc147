import { Webhook } from '@gwm/domain'
import { hookOfRepository, readHookEntry, readHookSecrets, SecretBox } from '@gwm/queue'
import t from 'tap'
import { startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'
import { signedWith, startReceiver } from './helpers/receiver.ts'

const receiver = await startReceiver(t)
const { app, sim, config, orm, redis } = await startWithGitHub(t, { WEBHOOK_URL: receiver.url, SECRET_ROTATION_GRACE_S: '3600' })
const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
const box = new SecretBox(config.SECRETS_KEY)
const EVENTS = ['check_run', 'check_suite', 'create', 'delete', 'pull_request', 'push', 'release']

type Who = typeof octocat
const post = (url: string, who: Who = octocat, payload?: object) =>
  who.browser.request({ method: 'POST', url, headers: { 'x-csrf-token': who.csrfToken }, ...(payload ? { payload } : {}) })
const del = (url: string, who: Who = octocat) => who.browser.request({ method: 'DELETE', url, headers: { 'x-csrf-token': who.csrfToken } })
const published = (hookId: number) => readHookSecrets(redis.client, box, config.QUEUE_PREFIX, hookId)
const row = (hookId: number) => orm.em.fork().findOne(Webhook, { githubHookId: hookId })
const simHooks = (repo: string) => sim.control.hooks(repo)

t.test('setup-webhook creates our hook, stores it sealed, publishes the secret, pings', async (t) => {
  const res = await post('/api/repos/octocat/hello-world/setup-webhook')
  t.equal(res.statusCode, 201)
  const body = res.json()
  t.match(body, { outcome: 'created', repaired: [], repository: 'octocat/hello-world', webhook: { status: 'pending', url: receiver.url, active: true } })
  t.same([...body.webhook.events].sort(), EVENTS)

  const hooks = simHooks('octocat/hello-world')
  t.equal(hooks.length, 1)
  const hook = hooks[0]!
  t.equal(body.webhook.hookId, hook.id)
  t.match(hook, { url: receiver.url, contentType: 'json', active: true })
  t.match(hook.secret, /^[0-9a-f]{64}$/, 'a fresh random secret')

  const stored = await row(hook.id)
  t.ok(stored)
  t.notOk(stored!.secretEncrypted.includes(hook.secret!), 'sealed at rest')
  t.equal(box.open(stored!.secretEncrypted, hook.id), hook.secret)
  t.same(await published(hook.id), [hook.secret], 'the ingest can verify its deliveries')

  await sim.control.idle()
  const pings = receiver.received.filter((delivery) => delivery.headers['x-github-event'] === 'ping' && delivery.headers['x-github-hook-id'] === String(hook.id))
  t.ok(pings.length >= 1, 'GitHub pinged the new hook')
  t.ok(pings.every((ping) => signedWith(ping, hook.secret!)), 'signed with the published secret')
})

t.test('setup-webhook again: 200, nothing changes', async (t) => {
  const [before] = simHooks('octocat/hello-world')
  const res = await post('/api/repos/octocat/hello-world/setup-webhook')
  t.equal(res.statusCode, 200)
  t.match(res.json(), { outcome: 'unchanged', repaired: [] })
  const after = simHooks('octocat/hello-world')
  t.equal(after.length, 1)
  t.same(after[0], before, 'same hook, same secret')
})

t.test('setup-webhook repairs a hook edited on GitHub, keeping its secret', async (t) => {
  const [hook] = simHooks('octocat/hello-world')
  sim.control.editHook('octocat/hello-world', hook!.id, { events: ['push'], active: false, contentType: 'form' })
  const res = await post('/api/repos/octocat/hello-world/setup-webhook')
  t.equal(res.statusCode, 200)
  t.equal(res.json().outcome, 'repaired')
  t.same([...res.json().repaired].sort(), ['content_type', 'events', 'inactive'])
  const [repaired] = simHooks('octocat/hello-world')
  t.match(repaired, { id: hook!.id, active: true, contentType: 'json', secret: hook!.secret })
  t.same([...repaired!.events].sort(), EVENTS)

  sim.control.editHook('octocat/hello-world', hook!.id, { secret: null })
  const again = await post('/api/repos/octocat/hello-world/setup-webhook')
  t.same(again.json().repaired, ['secret'], 'a removed secret is put back')
  t.equal(simHooks('octocat/hello-world')[0]!.secret, hook!.secret)
})

t.test('setup-webhook adopts a hook at WEBHOOK_URL made elsewhere, with a secret of ours', async (t) => {
  const made = await fetch(`${sim.apiUrl}/repos/octo-org/platform/hooks`, {
    method: 'POST',
    headers: { authorization: 'Bearer octocat-token', 'content-type': 'application/json' },
    body: JSON.stringify({ config: { url: receiver.url, content_type: 'json', secret: 'someone-elses-secret' }, events: ['push'] }),
  })
  t.equal(made.status, 201)
  const res = await post('/api/repos/octo-org/platform/setup-webhook')
  t.equal(res.statusCode, 200)
  t.equal(res.json().outcome, 'adopted')
  const hooks = simHooks('octo-org/platform')
  t.equal(hooks.length, 1, 'no second hook')
  t.not(hooks[0]!.secret, 'someone-elses-secret')
  t.same(await published(hooks[0]!.id), [hooks[0]!.secret])
  t.same([...hooks[0]!.events].sort(), EVENTS)
})

t.test('setup-webhook recreates a hook deleted on GitHub', async (t) => {
  const [old] = simHooks('octo-org/platform')
  sim.control.deleteHook('octo-org/platform', old!.id)
  const res = await post('/api/repos/octo-org/platform/setup-webhook')
  t.equal(res.statusCode, 201)
  const [fresh] = simHooks('octo-org/platform')
  t.not(fresh!.id, old!.id)
  t.same(await published(old!.id), [], 'the old hook\'s secret is withdrawn')
  t.same(await published(fresh!.id), [fresh!.secret])
  t.notOk(await row(old!.id))
  t.ok(await row(fresh!.id))
})

t.test('concurrent set-ups of one repository leave exactly one hook', async (t) => {
  const results = await Promise.all([1, 2, 3].map(() => post('/api/repos/octocat/private-notes/setup-webhook')))
  const statuses = results.map((res) => res.statusCode)
  t.ok(statuses.every((status) => [200, 201, 409].includes(status)), statuses.join(','))
  t.equal(statuses.filter((status) => status === 201).length, 1)
  const hooks = simHooks('octocat/private-notes')
  t.equal(hooks.length, 1)
  t.same(await published(hooks[0]!.id), [hooks[0]!.secret], 'the published secret is the one GitHub signs with')
  const busy = results.find((res) => res.statusCode === 409)
  if (busy) t.match(busy.json(), { error: 'busy', message: /in progress/ })
})

t.test('setup-webhook needs admin (403), a visible repository (404), sign-in (401) and CSRF (403)', async (t) => {
  const push = await post('/api/repos/octocat/hello-world/setup-webhook', hubot)
  t.equal(push.statusCode, 403)
  t.match(push.json(), { error: 'forbidden', message: /admin rights on octocat\/hello-world/ })
  const hidden = await post('/api/repos/octocat/private-notes/setup-webhook', hubot)
  t.equal(hidden.statusCode, 404)
  t.match(hidden.json(), { error: 'not_found', message: /does not exist or your GitHub account cannot see it/ })
  const missing = await post('/api/repos/octocat/nope/setup-webhook')
  t.equal(missing.statusCode, 404)

  const anonymous = await app.inject({ method: 'POST', url: '/api/repos/octocat/empty-repo/setup-webhook' })
  t.equal(anonymous.statusCode, 401)
  const noCsrf = await octocat.browser.request({ method: 'POST', url: '/api/repos/octocat/empty-repo/setup-webhook' })
  t.equal(noCsrf.statusCode, 403)
  t.match(noCsrf.json(), { error: 'csrf_invalid' })
  const otherUsersToken = await octocat.browser.request({ method: 'POST', url: '/api/repos/octocat/empty-repo/setup-webhook', headers: { 'x-csrf-token': hubot.csrfToken } })
  t.equal(otherUsersToken.statusCode, 403, 'a CSRF token is bound to its session')
  t.same(simHooks('octocat/empty-repo'), [], 'nothing was created')
  const bad = await post('/api/repos/octo%20cat/empty-repo/setup-webhook')
  t.equal(bad.statusCode, 400)
  t.match(bad.json().message, /params\/owner/)
})

t.test('GitHub down during set-up: 502, nothing stored', async (t) => {
  sim.control.setOutage({ status: 503 })
  t.teardown(() => sim.control.setOutage(null))
  const res = await post('/api/repos/octocat/empty-repo/setup-webhook')
  t.equal(res.statusCode, 502)
  t.match(res.json(), { error: 'github_unavailable' })
  sim.control.setOutage(null)
  t.same(simHooks('octocat/empty-repo'), [])
  t.equal(await orm.em.fork().count(Webhook, { repository: { fullName: 'octocat/empty-repo' } }), 0)
})

t.test('GET webhook: state, drift and recent deliveries; /user/repos shows the connection', async (t) => {
  const [hook] = simHooks('octocat/hello-world')
  const res = await octocat.browser.request('/api/repos/octocat/hello-world/webhook')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body, { repository: 'octocat/hello-world', status: 'pending', hookId: hook!.id, onGitHub: true, url: receiver.url, drift: [], previousSecretValidUntil: null })
  t.ok(body.deliveries.some((delivery: { event: string }) => delivery.event === 'ping'), 'the ping is listed')

  const em = orm.em.fork()
  const stored = await em.findOneOrFail(Webhook, { githubHookId: hook!.id })
  stored.verifiedAt = new Date() // what the worker does when the ping arrives
  await em.flush()
  const repos = await octocat.browser.request('/user/repos?per_page=100')
  const hello = repos.json().repos.find((repo: { fullName: string }) => repo.fullName === 'octocat/hello-world')
  t.match(hello, { connected: true, webhook: { status: 'connected', hookId: hook!.id } })
  const empty = repos.json().repos.find((repo: { fullName: string }) => repo.fullName === 'octocat/empty-repo')
  t.match(empty, { connected: false, webhook: { status: 'none' } })

  sim.control.editHook('octocat/hello-world', hook!.id, { active: false })
  const inactive = await octocat.browser.request('/api/repos/octocat/hello-world/webhook')
  t.match(inactive.json(), { status: 'inactive', drift: ['inactive'] })
  await post('/api/repos/octocat/hello-world/setup-webhook')

  const none = await octocat.browser.request('/api/repos/octocat/empty-repo/webhook')
  t.equal(none.statusCode, 404)
  t.match(none.json(), { error: 'webhook_not_found', message: /setup-webhook/ })
  t.equal((await hubot.browser.request('/api/repos/octocat/hello-world/webhook')).statusCode, 403)
})

t.test('POST webhook/ping: GitHub pings the hook', async (t) => {
  const [hook] = simHooks('octocat/hello-world')
  const before = receiver.received.length
  const res = await post('/api/repos/octocat/hello-world/webhook/ping')
  t.equal(res.statusCode, 202)
  t.same(res.json(), { hookId: hook!.id, pinged: true })
  await sim.control.idle()
  const pings = receiver.received.slice(before).filter((delivery) => delivery.headers['x-github-event'] === 'ping')
  t.equal(pings.length, 1)
  t.equal((await post('/api/repos/octocat/empty-repo/webhook/ping')).statusCode, 404)
  t.equal((await octocat.browser.request({ method: 'POST', url: '/api/repos/octocat/hello-world/webhook/ping' })).statusCode, 403, 'CSRF')
})

t.test('rotate-secret: new secret on GitHub, old one still accepted during the grace window', async (t) => {
  const [hook] = simHooks('octocat/hello-world')
  const old = hook!.secret!
  const res = await post('/api/repos/octocat/hello-world/webhook/rotate-secret')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.hookId, hook!.id)
  const until = Date.parse(body.previousSecretValidUntil) - Date.parse(body.rotatedAt)
  t.equal(until, 3_600_000, 'SECRET_ROTATION_GRACE_S')
  t.notOk(JSON.stringify(body).includes(old), 'no secret in the answer')

  const [rotated] = simHooks('octocat/hello-world')
  t.not(rotated!.secret, old)
  t.same(await published(hook!.id), [rotated!.secret, old], 'the ingest accepts both, new first')
  const stored = await row(hook!.id)
  t.equal(box.open(stored!.secretEncrypted, hook!.id), rotated!.secret)
  t.equal(box.open(stored!.previousSecretEncrypted!, hook!.id), old)

  const before = receiver.received.length
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'after rotation' }] })
  const push = receiver.received.slice(before).find((delivery) => delivery.headers['x-github-event'] === 'push')
  t.ok(push && signedWith(push, rotated!.secret!), 'GitHub signs with the new secret')

  const status = await octocat.browser.request('/api/repos/octocat/hello-world/webhook')
  t.equal(status.json().previousSecretValidUntil, body.previousSecretValidUntil)
  const again = await post('/api/repos/octocat/hello-world/setup-webhook')
  t.equal(again.json().outcome, 'unchanged')
  t.same(await published(hook!.id), [rotated!.secret, old], 'a later set-up keeps the grace window')

  t.equal((await post('/api/repos/octocat/empty-repo/webhook/rotate-secret')).statusCode, 404)
  t.equal((await post('/api/repos/octocat/hello-world/webhook/rotate-secret', hubot)).statusCode, 403)
})

t.test("the ingest's registry binds the hook's secret to its repository, set up and rotated alike", async (t) => {
  const [hook] = simHooks('octocat/hello-world')
  const repository = (await orm.em.fork().findOneOrFail(Webhook, { githubHookId: hook!.id }, { populate: ['repository'] })).repository
  t.equal((await readHookEntry(redis.client, box, config.QUEUE_PREFIX, hook!.id)).repositoryId, repository.githubId, 'after the rotation')
  t.equal(await hookOfRepository(redis.client, config.QUEUE_PREFIX, repository.githubId), String(hook!.id), 'the repository has a hook of its own')
  t.equal((await post('/api/repos/octocat/hello-world/setup-webhook')).statusCode, 200)
  t.equal((await readHookEntry(redis.client, box, config.QUEUE_PREFIX, hook!.id)).repositoryId, repository.githubId, 'after a set-up')
})

t.test('redeliver-failed: what failed while the endpoint was down is sent again, once', async (t) => {
  const [hook] = simHooks('octocat/hello-world')
  receiver.answer(500)
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'while down 1' }] })
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'while down 2' }] })
  receiver.answer(202)
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'after recovery' }] })
  const failed = sim.control.deliveries({ repo: 'octocat/hello-world', hookId: hook!.id }).filter((delivery) => delivery.statusCode >= 400)
  t.equal(failed.length, 2)

  const before = receiver.received.length
  const res = await post('/api/repos/octocat/hello-world/webhook/redeliver-failed')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.same(body.redelivered.map((item: { guid: string }) => item.guid).sort(), failed.map((delivery) => delivery.guid).sort())
  t.same(body.errors, [])
  await sim.control.idle()
  const again = receiver.received.slice(before).map((delivery) => delivery.headers['x-github-delivery'])
  t.same(again.sort(), failed.map((delivery) => delivery.guid).sort(), 'same GUIDs: the ingest de-duplicates')

  const second = await post('/api/repos/octocat/hello-world/webhook/redeliver-failed')
  t.same(second.json().redelivered, [], 'they succeeded: nothing left to redeliver')
  receiver.answer(500)
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'down again' }] })
  receiver.answer(202)
  const recent = await post('/api/repos/octocat/hello-world/webhook/redeliver-failed', octocat, { since: new Date(Date.now() + 60_000).toISOString() })
  t.same(recent.json().redelivered, [], 'since limits the window')

  const bad = await post('/api/repos/octocat/hello-world/webhook/redeliver-failed', octocat, { since: 'yesterday' })
  t.equal(bad.statusCode, 400)
  t.match(bad.json().message, /body\/since/)
  const unknown = await post('/api/repos/octocat/hello-world/webhook/redeliver-failed', octocat, { everything: true })
  t.equal(unknown.statusCode, 400)
  t.match(unknown.json().message, /body must NOT have additional properties \(everything\)/)
})

t.test('DELETE webhook: gone on GitHub, here and from the ingest\'s registry', async (t) => {
  const [hook] = simHooks('octocat/hello-world')
  const { repository } = await orm.em.fork().findOneOrFail(Webhook, { githubHookId: hook!.id }, { populate: ['repository'] })
  t.equal((await del('/api/repos/octocat/hello-world/webhook', hubot)).statusCode, 403)
  t.equal((await octocat.browser.request({ method: 'DELETE', url: '/api/repos/octocat/hello-world/webhook' })).statusCode, 403, 'CSRF')
  const res = await del('/api/repos/octocat/hello-world/webhook')
  t.equal(res.statusCode, 204)
  t.same(simHooks('octocat/hello-world'), [])
  t.notOk(await row(hook!.id))
  t.same(await published(hook!.id), [])
  t.equal(await hookOfRepository(redis.client, config.QUEUE_PREFIX, repository.githubId), undefined, 'nor named as its repository\'s hook')
  const again = await del('/api/repos/octocat/hello-world/webhook')
  t.equal(again.statusCode, 404)
  t.match(again.json(), { error: 'webhook_not_found' })

  // Deleted on GitHub first: disconnecting still cleans up here.
  const [platform] = simHooks('octo-org/platform')
  sim.control.deleteHook('octo-org/platform', platform!.id)
  t.equal((await del('/api/repos/octo-org/platform/webhook')).statusCode, 204)
  t.notOk(await row(platform!.id))
  t.same(await published(platform!.id), [])
})
