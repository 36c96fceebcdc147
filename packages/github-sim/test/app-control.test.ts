import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, appJwt, startReceiver, startSim } from './helpers.ts'

async function control(sim: GitHubSim, method: string, path: string, body?: unknown) {
  const res = await fetch(`${sim.url}/_sim${path}`, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

t.test('the App\'s credentials: a generated 2048-bit key, the same after a reset and for every simulator of the process', async (t) => {
  const sim = await startSim(t)
  const credentials = await control(sim, 'GET', '/apps/gwm-local')
  t.match(credentials.body, { id: 424242, slug: 'gwm-local', clientId: 'Iv1.gwmlocal0000000001', clientSecret: 'gwm-local-app-client-secret', webhookUrl: null, webhookSecret: null, privateKey: /^-----BEGIN RSA PRIVATE KEY-----\n/ })
  t.equal(createPrivateKey(credentials.body.privateKey).asymmetricKeyDetails?.modulusLength, 2048)
  t.same(sim.control.app(), credentials.body, 'sim.control.app() is the same')
  t.same((await control(sim, 'GET', '/apps')).body, [credentials.body])
  await sim.control.reset()
  t.equal(sim.control.app().privateKey, credentials.body.privateKey, 'a reset keeps the key')
  const other = await startSim(t)
  t.equal(other.control.app().privateKey, credentials.body.privateKey, 'another simulator of the process: the same key')
  const seeded = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey
  const own = await startSim(t, { seed: { users: [{ login: 'me' }], apps: [{ slug: 'mine', id: 7, clientId: 'c', clientSecret: 's', privateKey: seeded }] } })
  t.equal(own.control.app('mine').privateKey, seeded, 'a seed\'s key is used as it is')
  t.equal((await api(own, '/app', { jwt: appJwt(seeded, { iss: 7 }) })).body.owner.login, 'me', 'the owner defaults to the first user')
})

t.test('apps and installations over /_sim: edit, install, change repositories, suspend, accept, uninstall', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const patched = await control(sim, 'PATCH', '/apps/gwm-local', { webhookUrl: receiver.url, webhookSecret: 'http-secret', setupUrl: 'http://localhost:8000/setup' })
  t.match(patched, { status: 200, body: { webhookUrl: receiver.url, webhookSecret: 'http-secret', setupUrl: 'http://localhost:8000/setup' } })

  const created = await control(sim, 'POST', '/apps/gwm-local/installations', { account: 'octocat', repositories: ['hello-world'] })
  t.match(created, { status: 201, body: { id: /\d/, action: 'created', deliveries: [{ event: 'installation', action: 'created', statusCode: 200, status: 'OK' }] } })
  const id = created.body.id as number
  t.match((await control(sim, 'POST', '/apps/gwm-local/installations', { account: 'octocat', repositories: ['hello-world', 'private-notes'] })).body,
    { id, action: 'updated', deliveries: [{ event: 'installation_repositories', action: 'added', installationId: id }] })
  t.match((await control(sim, 'POST', `/installations/${id}/repositories`, { repositories: ['empty-repo'] })).body, { deliveries: [{ action: 'added' }] })
  t.match((await control(sim, 'DELETE', `/installations/${id}/repositories`, { repositories: ['empty-repo', 'hello-world'] })).body, { deliveries: [{ action: 'removed' }] })
  t.match((await control(sim, 'GET', '/apps/gwm-local/installations')).body, [{ id, app: 'gwm-local', account: 'octocat', repositorySelection: 'selected', repositories: ['octocat/private-notes'], suspended: false }])
  t.match((await control(sim, 'PUT', `/installations/${id}/suspended`, {})).body, { deliveries: [{ event: 'installation', action: 'suspend' }] })
  t.match((await control(sim, 'GET', '/installations')).body, [{ id, suspended: true }])
  t.match((await control(sim, 'DELETE', `/installations/${id}/suspended`)).body, { deliveries: [{ action: 'unsuspend' }] })
  t.equal((await control(sim, 'PATCH', '/apps/gwm-local', { permissions: { contents: 'write' } })).body.permissions.contents, 'write')
  t.match((await control(sim, 'POST', `/installations/${id}/accept-permissions`, {})).body, { deliveries: [{ action: 'new_permissions_accepted' }] })
  t.equal((await control(sim, 'GET', `/deliveries?app=gwm-local&installation_id=${id}`)).body.length, 7)
  t.match((await control(sim, 'DELETE', `/installations/${id}`)).body, { deliveries: [{ action: 'deleted' }] })
  t.same((await control(sim, 'GET', '/installations')).body, [])

  const added = await control(sim, 'POST', '/apps', { slug: 'second', clientId: 'Iv1.second', clientSecret: 'x', events: ['push'], installations: [{ account: 'octo-org' }] })
  t.match(added, { status: 201, body: { slug: 'second', id: /\d/, permissions: { metadata: 'read' }, events: ['push'] } })
  t.match((await control(sim, 'GET', '/apps/second/installations')).body, [{ account: 'octo-org', repositorySelection: 'all', repositories: ['octo-org/platform'] }], 'a seeded installation')

  await sim.control.reset()
  t.same(sim.control.installations(), [], 'a reset forgets installations')
  t.equal(sim.control.app().webhookUrl, null, 'and the App\'s settings')
  t.equal(sim.control.apps().length, 1)
})

t.test('bad App and installation input is 422 with a message', async (t) => {
  const sim = await startSim(t)
  const { body: { id } } = await control(sim, 'POST', '/apps/gwm-local/installations', { account: 'octocat', repositories: ['hello-world'] })
  const { body: { id: all } } = await control(sim, 'POST', '/apps/gwm-local/installations', { account: 'octo-org' })
  const cases: Array<[string, string, unknown, RegExp]> = [
    ['GET', '/apps/nope', undefined, /no GitHub App "nope"/],
    ['PATCH', '/apps/gwm-local', { webhookUrl: 'not a url' }, /webhookUrl must be an http\(s\) URL or null/],
    ['PATCH', '/apps/gwm-local', { permissions: { contents: 'admin' } }, /permissions \.contents must be "read" or "write"/],
    ['PATCH', '/apps/gwm-local', { events: ['installation'] }, /events must be a list of event names an App can subscribe to/],
    ['POST', '/apps', { slug: 'gwm-local', clientId: 'x', clientSecret: 'y' }, /already exists/],
    ['POST', '/apps', { slug: 'Bad Slug', clientId: 'x', clientSecret: 'y' }, /slug must be lowercase letters, digits and dashes/],
    ['POST', '/apps', { slug: 'new', clientId: 'gwm-local-client', clientSecret: 'y' }, /client id "gwm-local-client" is already used/],
    ['POST', '/apps', { slug: 'new', clientId: 'x', clientSecret: 'y', events: ['teleport'] }, /unknown event "teleport"/],
    ['POST', '/apps', { slug: 'new', clientId: 'x', clientSecret: 'y', privateKey: 'not a key' }, /apps\[0\]\.privateKey is not a PEM private key/],
    ['POST', '/apps/gwm-local/installations', { account: 'ghost' }, /no user or org "ghost" to install on/],
    ['POST', '/apps/gwm-local/installations', { account: 'octocat', repositories: 'hello-world' }, /repositories must be "all" or a non-empty list/],
    ['POST', '/apps/gwm-local/installations', { account: 'octocat', repositories: ['octo-org/platform'] }, /no repository "octo-org\/platform" on octocat/],
    ['POST', '/apps/gwm-local/installations', { account: 'octocat', sender: 'hubot' }, /hubot cannot manage Apps on octocat/],
    ['POST', `/installations/${all}/repositories`, { repositories: ['platform'] }, /already reaches all of octo-org's repositories/],
    ['DELETE', `/installations/${id}/repositories`, { repositories: ['hello-world'] }, /keeps at least one repository/],
    ['DELETE', `/installations/${id}/suspended`, {}, /is not suspended/],
    ['DELETE', '/installations/1', {}, /no installation 1/],
  ]
  for (const [method, path, body, pattern] of cases) {
    const res = await control(sim, method, path, body)
    t.equal(res.status, 422, `${method} ${path} ${JSON.stringify(body)}`)
    t.match(res.body.message, pattern)
  }
  await sim.control.suspend({ installation: id })
  await t.rejects(sim.control.suspend({ installation: id }), /already suspended/)
  t.throws(() => sim.control.app('nope'), /no GitHub App "nope"/)
})
