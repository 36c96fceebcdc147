import t from 'tap'
import { verifySignature } from '@gwm/testkit'
import { deleteHook, ensureHook, findHook, ForbiddenError, getHook, listHooks, NotFoundError, pingHook } from '../src/index.ts'
import { clientFor, startReceiver, startSim } from './helpers.ts'

const REPO = { owner: 'octocat', repo: 'hello-world' }
const EVENTS = ['push', 'pull_request', 'release', 'create', 'delete']

t.test('ensureHook creates our hook once, then updates it in place', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const github = clientFor(sim, 'octocat-token')
  const first = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'first-secret-value', events: EVENTS })
  t.equal(first.action, 'created')
  t.match(first.hook, { url: receiver.url, contentType: 'json', events: EVENTS, active: true, hasSecret: true })

  const again = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'second-secret-value', events: ['push'] })
  t.equal(again.action, 'updated')
  t.equal(again.hook.id, first.hook.id, 'same hook')
  t.same(again.hook.events, ['push'])
  const stored = sim.control.hooks('octocat/hello-world')
  t.equal(stored.length, 1, 'still exactly one hook')
  t.equal(stored[0]?.secret, 'second-secret-value', 'the new secret is in force')

  t.match(await findHook(github, { ...REPO, url: receiver.url }), { id: first.hook.id })
  t.equal(await findHook(github, { ...REPO, url: 'http://127.0.0.1:1/other' }), null)
  t.match(await getHook(github, { ...REPO, hookId: first.hook.id }), { id: first.hook.id, url: receiver.url })
})

t.test('ensureHook repairs a hook someone edited on github.com', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const github = clientFor(sim, 'octocat-token')
  const { hook } = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'original-secret', events: EVENTS })
  sim.control.editHook('octocat/hello-world', hook.id, { active: false, secret: null, events: ['issues'], contentType: 'form' })
  t.match(await getHook(github, { ...REPO, hookId: hook.id }), { active: false, hasSecret: false, contentType: 'form' })
  const repaired = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'original-secret', events: EVENTS })
  t.equal(repaired.action, 'updated')
  t.match(repaired.hook, { id: hook.id, active: true, hasSecret: true, contentType: 'json', events: EVENTS })
})

t.test('ensureHook adopts the hook when a concurrent create wins the race (422 "Hook already exists")', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const github = clientFor(sim, 'octocat-token')
  let raced = false
  // Another actor creates the same hook between our lookup and our create.
  github.hook.before('request', async (options) => {
    if (options.method === 'POST' && String(options.url).endsWith('/hooks') && !raced) {
      raced = true
      const res = await fetch(`${sim.apiUrl}/repos/octocat/hello-world/hooks`, {
        method: 'POST',
        headers: { authorization: 'token octocat-token', 'content-type': 'application/json' },
        body: JSON.stringify({ config: { url: receiver.url, content_type: 'json', secret: 'their-secret' }, events: ['push'] }),
      })
      t.equal(res.status, 201, 'the other actor created it')
    }
  })
  const result = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'our-secret-value', events: EVENTS })
  t.equal(result.action, 'adopted')
  const stored = sim.control.hooks('octocat/hello-world')
  t.equal(stored.length, 1)
  t.equal(stored[0]?.id, result.hook.id)
  t.equal(stored[0]?.secret, 'our-secret-value', 'adopted with our secret')
  t.same(stored[0]?.events, EVENTS)
})

t.test('two ensureHook calls at once leave exactly one hook', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const hook = { ...REPO, url: receiver.url, secret: 'same-secret-value', events: EVENTS }
  const results = await Promise.all([ensureHook(clientFor(sim, 'octocat-token'), hook), ensureHook(clientFor(sim, 'octocat-token'), hook)])
  t.equal(new Set(results.map((result) => result.hook.id)).size, 1)
  t.ok(results.some((result) => result.action === 'created'))
  t.equal(sim.control.hooks('octocat/hello-world').length, 1)
})

t.test('a new hook is pinged; pingHook pings again; signatures verify with our secret', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const github = clientFor(sim, 'octocat-token')
  const { hook } = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'ping-secret-value', events: EVENTS })
  await sim.control.idle()
  await pingHook(github, { ...REPO, hookId: hook.id })
  await sim.control.idle()
  t.equal(receiver.received.length, 2)
  for (const request of receiver.received) {
    t.equal(request.headers['x-github-event'], 'ping')
    t.equal(request.headers['x-github-hook-id'], String(hook.id))
    t.ok(await verifySignature('ping-secret-value', request.body, String(request.headers['x-hub-signature-256'])))
    t.equal(JSON.parse(request.body).hook_id, hook.id)
  }
})

t.test('deleteHook is idempotent; without admin rights it throws', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const github = clientFor(sim, 'octocat-token')
  const { hook } = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'delete-secret', events: EVENTS })
  t.equal(await deleteHook(github, { ...REPO, hookId: hook.id }), true)
  t.equal(await deleteHook(github, { ...REPO, hookId: hook.id }), false, 'already gone')
  t.same(await listHooks(github, REPO), [])

  const again = await ensureHook(github, { ...REPO, url: receiver.url, secret: 'delete-secret', events: EVENTS })
  const hubot = clientFor(sim, 'hubot-token')
  const forbidden = await deleteHook(hubot, { ...REPO, hookId: again.hook.id }).catch((error: unknown) => error)
  t.ok(forbidden instanceof ForbiddenError, 'push rights are not enough')
  const hidden = await deleteHook(hubot, { owner: 'octocat', repo: 'private-notes', hookId: 1 }).catch((error: unknown) => error)
  t.ok(hidden instanceof NotFoundError, 'a hidden repo stays an error, not "already gone"')
  t.equal(sim.control.hooks('octocat/hello-world').length, 1)
})

t.test('ensureHook without admin rights: ForbiddenError (push) or NotFoundError (read only)', async (t) => {
  const sim = await startSim(t)
  const hook = { url: 'http://127.0.0.1:1/hook', secret: 'whatever-secret', events: EVENTS }
  const push = await ensureHook(clientFor(sim, 'hubot-token'), { ...REPO, ...hook }).catch((error: unknown) => error)
  t.ok(push instanceof ForbiddenError && push.needsAdmin)
  const read = await ensureHook(clientFor(sim, 'octocat-token'), { owner: 'hubot', repo: 'scripts', ...hook }).catch((error: unknown) => error)
  t.ok(read instanceof NotFoundError)
  const scopeless = await ensureHook(clientFor(sim, 'octocat-read-only-token'), { ...REPO, ...hook }).catch((error: unknown) => error)
  t.ok(scopeless instanceof NotFoundError, 'a token without a hook scope sees no hooks')
})
