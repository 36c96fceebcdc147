import t from 'tap'
import { api, startReceiver, startSim } from './helpers.ts'

const HOOKS = '/repos/octocat/hello-world/hooks'

t.test('create: GitHub\'s defaults, Location, masked secret, ping to the new hook', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const res = await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body: { config: { url: receiver.url, secret: 'shh-secret' } } })
  t.equal(res.status, 201)
  t.match(res.body, { type: 'Repository', name: 'web', active: true, events: ['push'], config: { url: receiver.url, content_type: 'form', insecure_ssl: '0', secret: '********' }, last_response: { code: null, status: 'unused', message: null } })
  t.equal(res.headers.get('location'), res.body.url)
  t.equal(res.body.url, `${sim.apiUrl}${HOOKS}/${res.body.id}`)
  await receiver.waitFor(1)
  await sim.control.idle()
  t.equal(receiver.received[0]?.headers['x-github-event'], 'ping')
  const listed = await api(sim, HOOKS, { token: 'octocat-token' })
  t.match(listed.body, [{ id: res.body.id, last_response: { code: 200, status: 'active', message: 'OK' } }])

  const inactive = await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body: { active: false, config: { url: `${receiver.url}/inactive` } } })
  t.equal(inactive.status, 201)
  await sim.control.idle()
  t.equal(receiver.received.length, 1, 'an inactive hook is not pinged')
})

t.test('create: bad input is 422 with GitHub\'s error list, and creates nothing', async (t) => {
  const sim = await startSim(t)
  const cases: Array<[unknown, RegExp]> = [
    [{}, /Config must contain URL for webhooks/],
    [{ config: { url: 'not a url' } }, /is not a valid URL/],
    [{ config: { url: 'ftp://x.example/' } }, /is not a valid URL/],
    [{ config: { url: 'http://x.example/', content_type: 'xml' } }, /content_type must be "json" or "form"/],
    [{ config: { url: 'http://x.example/', insecure_ssl: 'yes' } }, /insecure_ssl must be "0" or "1"/],
    [{ config: { url: 'http://x.example/', secret: 42 } }, /secret must be a string/],
    [{ config: { url: 'http://x.example/' }, events: ['push', 'nope'] }, /Invalid event: "nope"/],
    [{ config: { url: 'http://x.example/' }, events: 'push' }, /field events/],
    [{ config: { url: 'http://x.example/' }, active: 'yes' }, /field active/],
    [{ name: 'email', config: { url: 'http://x.example/' } }, /not a valid hook name/],
    [[1, 2], /Body must be a JSON object/],
  ]
  for (const [body, pattern] of cases) {
    const res = await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body })
    t.equal(res.status, 422, JSON.stringify(body))
    t.equal(res.body.message, 'Validation Failed')
    t.match(res.body.errors.map((e: { message?: string; field?: string }) => e.message ?? `field ${e.field}`).join('; '), pattern)
  }
  t.same(sim.control.hooks('octocat/hello-world'), [])
})

t.test('a second hook to the same URL is 422 "Hook already exists on this repository"', async (t) => {
  const sim = await startSim(t)
  const body = { config: { url: 'http://127.0.0.1:1/hook', content_type: 'json' } }
  t.equal((await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body })).status, 201)
  const again = await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body })
  t.equal(again.status, 422)
  t.same(again.body.errors, [{ resource: 'Hook', code: 'custom', message: 'Hook already exists on this repository' }])
  t.equal((await api(sim, '/repos/octocat/empty-repo/hooks', { token: 'octocat-token', method: 'POST', body })).status, 201, 'another repo may use the URL')
})

t.test('permissions: admin only; push 403, readers and scope-less tokens 404', async (t) => {
  const sim = await startSim(t)
  const body = { config: { url: 'http://127.0.0.1:1/hook' } }
  const push = await api(sim, HOOKS, { token: 'hubot-token', method: 'POST', body })
  t.equal(push.status, 403)
  t.equal(push.body.message, 'Must have admin rights to Repository.')
  t.equal((await api(sim, HOOKS, { token: 'hubot-token' })).status, 403)
  t.equal((await api(sim, HOOKS, { token: 'monalisa-token', method: 'POST', body })).status, 404, 'pull rights')
  t.equal((await api(sim, HOOKS, { token: 'octocat-read-only-token', method: 'POST', body })).status, 404, 'no hook scope')
  t.equal((await api(sim, HOOKS, { method: 'POST', body })).status, 404, 'anonymous')
  t.equal((await api(sim, '/repos/octo-org/platform/hooks', { token: 'octocat-token', method: 'POST', body })).status, 201, 'org admins administer org repos')

  const reader = sim.control.addToken('octocat', ['read:repo_hook'])
  t.equal((await api(sim, HOOKS, { token: reader })).status, 200, 'read:repo_hook may list')
  t.equal((await api(sim, HOOKS, { token: reader, method: 'POST', body: { config: { url: 'http://127.0.0.1:1/other' } } })).status, 404, 'but not write')

  sim.control.setPermission('octocat/hello-world', 'hubot', 'admin')
  t.equal((await api(sim, HOOKS, { token: 'hubot-token' })).status, 200, 'granted admin')
  sim.control.setPermission('octocat/hello-world', 'hubot', null)
  t.equal((await api(sim, HOOKS, { token: 'hubot-token' })).status, 404, 'revoked: a public repo reader')
})

t.test('PATCH: config is replaced whole (no secret removes it), events added/removed, rejected updates change nothing', async (t) => {
  const sim = await startSim(t)
  const create = await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body: { config: { url: 'http://127.0.0.1:1/a', secret: 's1', content_type: 'json' }, events: ['push'] } })
  const path = `${HOOKS}/${create.body.id}`
  await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body: { config: { url: 'http://127.0.0.1:1/b' } } })

  const events = await api(sim, path, { token: 'octocat-token', method: 'PATCH', body: { add_events: ['release', 'push'], remove_events: ['push'] } })
  t.same(events.body.events, ['release'])
  t.equal(sim.control.hooks('octocat/hello-world')[0]?.secret, 's1', 'no config in the PATCH: secret kept')

  const replaced = await api(sim, path, { token: 'octocat-token', method: 'PATCH', body: { config: { url: 'http://127.0.0.1:1/a2' }, active: false } })
  t.match(replaced.body, { active: false, config: { url: 'http://127.0.0.1:1/a2', content_type: 'form' } })
  t.equal(replaced.body.config.secret, undefined)
  t.equal(sim.control.hooks('octocat/hello-world')[0]?.secret, null, 'a config without secret removed the secret, as on GitHub')

  const clash = await api(sim, path, { token: 'octocat-token', method: 'PATCH', body: { config: { url: 'http://127.0.0.1:1/b' }, events: ['push'] } })
  t.equal(clash.status, 422)
  t.match(clash.body.errors, [{ message: 'Hook already exists on this repository' }])
  const bad = await api(sim, path, { token: 'octocat-token', method: 'PATCH', body: { events: ['push'], active: 'no' } })
  t.equal(bad.status, 422)
  const after = await api(sim, path, { token: 'octocat-token' })
  t.match(after.body, { events: ['release'], active: false, config: { url: 'http://127.0.0.1:1/a2' } }, 'nothing changed')
  t.equal((await api(sim, `${HOOKS}/999`, { token: 'octocat-token', method: 'PATCH', body: {} })).status, 404)
  t.equal((await api(sim, `${HOOKS}/abc`, { token: 'octocat-token' })).status, 404)
})

t.test('DELETE: 204, then 404; pushes no longer deliver', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const create = await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body: { config: { url: receiver.url } } })
  await sim.control.idle()
  t.equal((await api(sim, `${HOOKS}/${create.body.id}`, { token: 'octocat-token', method: 'DELETE' })).status, 204)
  t.equal((await api(sim, `${HOOKS}/${create.body.id}`, { token: 'octocat-token', method: 'DELETE' })).status, 404)
  const pushed = await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'after delete' }] })
  t.same(pushed.deliveries, [])
  t.equal(receiver.received.length, 1, 'only the ping from creation')
})

t.test('hooks edited or deleted "on github.com" through the control API', async (t) => {
  const sim = await startSim(t)
  const create = await api(sim, HOOKS, { token: 'octocat-token', method: 'POST', body: { config: { url: 'http://127.0.0.1:1/h', secret: 'one' } } })
  const edited = sim.control.editHook('octocat/hello-world', create.body.id, { url: 'http://127.0.0.1:1/moved', secret: 'two', events: ['*'], contentType: 'json' })
  t.match(edited, { url: 'http://127.0.0.1:1/moved', secret: 'two', events: ['*'], contentType: 'json', active: true })
  t.match((await api(sim, `${HOOKS}/${create.body.id}`, { token: 'octocat-token' })).body.config, { url: 'http://127.0.0.1:1/moved', content_type: 'json' })
  t.throws(() => sim.control.editHook('octocat/hello-world', 1, {}), /no hook 1 on octocat\/hello-world/)
  t.throws(() => sim.control.editHook('octocat/hello-world', create.body.id, { url: 'nope' }), /is not a URL/)
  sim.control.deleteHook('octocat/hello-world', create.body.id)
  t.equal((await api(sim, `${HOOKS}/${create.body.id}`, { token: 'octocat-token' })).status, 404)
  t.throws(() => sim.control.deleteHook('octocat/hello-world', create.body.id), /no hook/)
  t.throws(() => sim.control.hooks('nobody/nothing'), /no repository "nobody\/nothing"/)
})
