import { createHmac } from 'node:crypto'
import { example, type TestLike } from '@gwm/testkit'
import { verify } from '@octokit/webhooks-methods'
import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, defaultAppJwt, missingKeys, startReceiver, startSim } from './helpers.ts'

const SECRET = 'app-webhook-secret'

/** Keys an installation event's payload must have like GitHub's examples (installation included). */
const OPTIONAL_FOR_APP_EVENTS = new Set(['enterprise', 'organization', 'permissions'])

/** The App's webhook pointed at a new receiver. */
async function appTo(t: TestLike, sim: GitHubSim) {
  const receiver = await startReceiver(t)
  sim.control.editApp('gwm-local', { webhookUrl: receiver.url, webhookSecret: SECRET })
  return receiver
}

// biome-ignore lint/suspicious/noExplicitAny: payloads are read field by field
const payloadOf = (delivery: { body: string }) => JSON.parse(delivery.body) as Record<string, any>

t.test('installation created: to the App\'s webhook, GitHub\'s App headers, signed with the App\'s secret', async (t) => {
  const sim = await startSim(t)
  const receiver = await appTo(t, sim)
  const app = sim.control.app()
  const result = await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })
  t.equal(result.action, 'created')
  t.equal(result.deliveries.length, 1)
  const [delivery] = receiver.received
  t.match(delivery!.headers, {
    'x-github-event': 'installation',
    'x-github-hook-id': String(app.hookId),
    'x-github-hook-installation-target-type': 'integration',
    'x-github-hook-installation-target-id': String(app.id),
    'content-type': 'application/json',
  })
  t.ok(await verify(SECRET, delivery!.body, String(delivery!.headers['x-hub-signature-256'])), 'X-Hub-Signature-256 with the App\'s secret')
  t.equal(delivery!.headers['x-hub-signature'], `sha1=${createHmac('sha1', SECRET).update(delivery!.body).digest('hex')}`)
  const payload = payloadOf(delivery!)
  t.match(payload, {
    action: 'created',
    installation: { id: result.id, app_id: app.id, account: { login: 'octocat' }, repository_selection: 'selected', target_type: 'User', permissions: { contents: 'read' } },
    repositories: [{ full_name: 'octocat/hello-world', private: false }],
    requester: null,
    sender: { login: 'octocat' },
  })
  t.same(missingKeys(payload, example('installation', 'created'), OPTIONAL_FOR_APP_EVENTS), [], 'every field of the real example is present')
  t.match(sim.control.deliveries({ app: 'gwm-local' }), [{ event: 'installation', installationId: result.id, repoId: null }])
})

t.test('repository events reach the App (with installation) as well as repository hooks, only where it is installed and subscribed', async (t) => {
  const sim = await startSim(t)
  const receiver = await appTo(t, sim)
  const repoHooks = await startReceiver(t)
  await api(sim, '/repos/octocat/hello-world/hooks', { token: 'octocat-token', method: 'POST', body: { config: { url: repoHooks.url, content_type: 'json', secret: 'repo-secret' }, events: ['*'] } })
  const { id } = await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })
  await sim.control.idle()
  const app = sim.control.app()

  const pushed = await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'to both' }] })
  t.equal(pushed.deliveries.length, 2, 'one to the repository hook, one to the App')
  const toApp = receiver.received.at(-1)!
  const toRepo = repoHooks.received.at(-1)!
  t.equal(toApp.headers['x-github-delivery'] !== toRepo.headers['x-github-delivery'], true, 'separate deliveries')
  t.match(toApp.headers, { 'x-github-event': 'push', 'x-github-hook-id': String(app.hookId), 'x-github-hook-installation-target-type': 'integration', 'x-github-hook-installation-target-id': String(app.id) })
  t.ok(await verify(SECRET, toApp.body, String(toApp.headers['x-hub-signature-256'])))
  t.match(payloadOf(toApp), { after: pushed.after, installation: { id, node_id: /\w/ }, repository: { full_name: 'octocat/hello-world' } })
  t.same(Object.keys(payloadOf(toApp).installation), ['id', 'node_id'])
  t.equal(payloadOf(toRepo).installation, undefined, 'repository hooks get no installation')
  t.equal(toRepo.headers['x-github-hook-installation-target-type'], 'repository')

  const before = receiver.received.length
  await sim.control.push({ repo: 'octocat/private-notes', commits: [{ message: 'not installed here' }] })
  t.equal(receiver.received.length, before, 'a repository outside the installation: nothing to the App')
  sim.control.editApp('gwm-local', { events: ['push'] })
  await sim.control.release({ repo: 'octocat/hello-world', tag: 'v1' })
  t.equal(receiver.received.length, before, 'an event the App does not subscribe to: nothing to the App')

  sim.control.editApp('gwm-local', { events: ['push', 'pull_request'] })
  await sim.control.install({ account: 'octo-org' })
  await sim.control.push({ repo: 'octo-org/platform', commits: [{ message: 'org push' }] })
  t.match(payloadOf(receiver.received.at(-1)!), { organization: { login: 'octo-org' }, installation: { id: /\d/ } })
})

t.test('installation_repositories, suspend, unsuspend, new permissions, uninstall: the App hears each', async (t) => {
  const sim = await startSim(t)
  const receiver = await appTo(t, sim)
  const { id } = await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })

  const added = await sim.control.addRepositories({ installation: id, repositories: ['private-notes', 'octocat/empty-repo'] })
  const addedPayload = payloadOf(receiver.received.at(-1)!)
  t.equal(added.deliveries[0]?.event, 'installation_repositories')
  t.match(addedPayload, { action: 'added', repository_selection: 'selected', repositories_removed: [], installation: { id } })
  t.same(addedPayload.repositories_added.map((r: { name: string }) => r.name).sort(), ['empty-repo', 'private-notes'])
  t.same(missingKeys(addedPayload, example('installation_repositories', 'added'), OPTIONAL_FOR_APP_EVENTS), [])

  await sim.control.removeRepositories({ installation: id, repositories: ['hello-world'] })
  const removed = payloadOf(receiver.received.at(-1)!)
  t.match(removed, { action: 'removed', repositories_added: [], repositories_removed: [{ full_name: 'octocat/hello-world' }] })
  t.same(missingKeys(removed, example('installation_repositories', 'removed'), OPTIONAL_FOR_APP_EVENTS), [])

  await sim.control.suspend({ installation: id, sender: 'octocat' })
  const suspended = payloadOf(receiver.received.at(-1)!)
  t.match(suspended, { action: 'suspend', installation: { suspended_by: { login: 'octocat' }, suspended_at: /Z$/ } })
  t.same(missingKeys(suspended, example('installation', 'suspend'), OPTIONAL_FOR_APP_EVENTS), [])
  const quiet = receiver.received.length
  await sim.control.push({ repo: 'octocat/private-notes', commits: [{ message: 'while suspended' }] })
  t.equal(receiver.received.length, quiet, 'a suspended installation gets no events')
  await sim.control.unsuspend({ installation: id })
  t.match(payloadOf(receiver.received.at(-1)!), { action: 'unsuspend', installation: { suspended_by: null, suspended_at: null } })
  await sim.control.push({ repo: 'octocat/private-notes', commits: [{ message: 'after' }] })
  t.equal(receiver.received.at(-1)!.headers['x-github-event'], 'push', 'events flow again')

  sim.control.editApp('gwm-local', { permissions: { contents: 'write', deployments: 'write' } })
  t.equal(sim.control.installations()[0]?.permissions.contents, 'read', 'new permissions wait for the account to accept them')
  await sim.control.acceptPermissions({ installation: id })
  const accepted = payloadOf(receiver.received.at(-1)!)
  t.match(accepted, { action: 'new_permissions_accepted', installation: { permissions: { contents: 'write', metadata: 'read' } } })
  t.same(missingKeys(accepted, example('installation', 'new_permissions_accepted'), OPTIONAL_FOR_APP_EVENTS), [])

  await sim.control.uninstall({ installation: id })
  const deleted = payloadOf(receiver.received.at(-1)!)
  t.match(deleted, { action: 'deleted', installation: { id } })
  t.same(missingKeys(deleted, example('installation', 'deleted'), OPTIONAL_FOR_APP_EVENTS), [])
  t.same(sim.control.installations(), [])
})

t.test('the App\'s deliveries: listed with its JWT (newest first, cursor), detail, redelivery with the same GUID', async (t) => {
  const sim = await startSim(t)
  const receiver = await appTo(t, sim)
  const jwt = defaultAppJwt(sim)
  const { id } = await sim.control.install({ account: 'octocat' })
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'one' }] })
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'two' }] })
  const all = (await api(sim, '/app/hook/deliveries', { jwt })).body
  t.same(all.map((d: { event: string }) => d.event), ['push', 'push', 'installation'])
  t.match(all[0], { installation_id: id, repository_id: 1296269, status_code: 200, redelivery: false })
  t.match(all[2], { installation_id: id, repository_id: null, action: 'created' })
  const first = await api(sim, '/app/hook/deliveries?per_page=2', { jwt })
  t.equal(first.body.length, 2)
  const next = first.headers.get('link')!.match(/<([^>]+)>; rel="next"/)![1]!
  t.same((await api(sim, next.slice(sim.apiUrl.length), { jwt })).body.map((d: { event: string }) => d.event), ['installation'])

  const detail = await api(sim, `/app/hook/deliveries/${all[2].id}`, { jwt })
  t.match(detail.body, { id: all[2].id, url: receiver.url, request: { headers: { 'X-GitHub-Event': 'installation' }, payload: { action: 'created' } }, response: { payload: '{"ok":true}' } })
  t.equal((await api(sim, '/app/hook/deliveries/123', { jwt })).status, 404)
  const repoDelivery = sim.control.deliveries({ app: 'gwm-local' }).length
  t.equal(repoDelivery, 3)

  const attempt = await api(sim, `/app/hook/deliveries/${all[0].id}/attempts`, { jwt, method: 'POST' })
  t.equal(attempt.status, 202)
  await sim.control.idle()
  const again = receiver.received.at(-1)!
  t.equal(again.headers['x-github-delivery'], all[0].guid, 'same GUID')
  t.ok(await verify(SECRET, again.body, String(again.headers['x-hub-signature-256'])))
  t.match((await api(sim, '/app/hook/deliveries?per_page=1', { jwt })).body, [{ guid: all[0].guid, redelivery: true, installation_id: id }])
  t.equal((await api(sim, `/app/hook/deliveries/${all[0].id}`, { token: 'octocat-token' })).status, 401, 'a user token cannot read the App\'s deliveries')
})

t.test('without a webhook URL the App hears nothing, and installations still happen', async (t) => {
  const sim = await startSim(t)
  const result = await sim.control.install({ account: 'octocat' })
  t.same(result.deliveries, [])
  t.same((await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'x' }] })).deliveries, [])
  t.match(sim.control.installations(), [{ id: result.id, app: 'gwm-local', account: 'octocat', repositorySelection: 'all', suspended: false }])
})
