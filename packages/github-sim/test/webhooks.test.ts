import { createHmac } from 'node:crypto'
import { example } from '@gwm/testkit'
import { verify } from '@octokit/webhooks-methods'
import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, missingKeys, startReceiver, startSim } from './helpers.ts'

const SECRET = 'webhook-test-secret'

async function hookTo(sim: GitHubSim, url: string, options: { repo?: string; events?: string[]; secret?: string | null; contentType?: string } = {}) {
  const config: Record<string, string> = { url, content_type: options.contentType ?? 'json' }
  if (options.secret !== null) config.secret = options.secret ?? SECRET
  const res = await api(sim, `/repos/${options.repo ?? 'octocat/hello-world'}/hooks`, { token: 'octocat-token', method: 'POST', body: { config, events: options.events ?? ['*'] } })
  if (res.status !== 201) throw new Error(`hook not created: ${JSON.stringify(res.body)}`)
  await sim.control.idle()
  return res.body.id as number
}

t.test('push: GitHub\'s headers, both signatures, a payload shaped like the real one; state updated', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  const hookId = await hookTo(sim, receiver.url)
  const before = (await api(sim, '/repos/octocat/hello-world/branches', { token: 'octocat-token' })).body.find((b: { name: string }) => b.name === 'main').commit.sha
  const result = await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'First', added: ['a.txt'] }, { message: 'Second', author: 'hubot' }], sender: 'hubot' })
  t.equal(result.before, before)
  t.equal(result.shas.length, 2)
  t.equal(result.deliveries.length, 1)
  const [ping, push] = receiver.received
  t.equal(ping?.headers['x-github-event'], 'ping')
  const headers = push!.headers
  t.match(headers, {
    'x-github-event': 'push',
    'x-github-delivery': /^[0-9a-f-]{36}$/,
    'x-github-hook-id': String(hookId),
    'x-github-hook-installation-target-type': 'repository',
    'x-github-hook-installation-target-id': '1296269',
    'user-agent': /^GitHub-Hookshot\/[0-9a-f]{7}$/,
    'content-type': 'application/json',
  })
  t.ok(await verify(SECRET, push!.body, String(headers['x-hub-signature-256'])), 'X-Hub-Signature-256 verifies')
  t.equal(headers['x-hub-signature'], `sha1=${createHmac('sha1', SECRET).update(push!.body).digest('hex')}`, 'X-Hub-Signature (sha1) too')

  const payload = JSON.parse(push!.body)
  t.match(payload, { ref: 'refs/heads/main', before, after: result.after, created: false, deleted: false, forced: false, pusher: { name: 'hubot' }, sender: { login: 'hubot' } })
  t.same(payload.commits.map((c: { message: string }) => c.message), ['First', 'Second'])
  t.same(payload.commits[0].added, ['a.txt'])
  t.equal(payload.head_commit.id, result.after)
  t.equal(payload.repository.full_name, 'octocat/hello-world')
  t.type(payload.repository.pushed_at, 'number', 'push payloads carry epoch seconds, like GitHub')
  t.same(missingKeys(payload, example('push')), [], 'every field of the real example is present')

  const head = (await api(sim, '/repos/octocat/hello-world/commits?per_page=1', { token: 'octocat-token' })).body[0]
  t.equal(head.sha, result.after, 'the branch moved')
  t.equal(head.commit.message, 'Second')
})

t.test('a push to a new branch is created: true from the zero SHA', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await hookTo(sim, receiver.url, { events: ['push'] })
  const result = await sim.control.push({ repo: 'octocat/hello-world', branch: 'feature/new', commits: [{ message: 'on a new branch' }] })
  t.equal(result.before, '0000000000000000000000000000000000000000')
  const payload = JSON.parse(receiver.received.at(-1)!.body)
  t.match(payload, { ref: 'refs/heads/feature/new', created: true })
  const commits = (await api(sim, '/repos/octocat/hello-world/commits?sha=feature/new', { token: 'octocat-token' })).body
  t.equal(commits.length, 4, 'branched from main')
})

t.test('create and delete refs send create/delete and push events', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await hookTo(sim, receiver.url)
  await sim.control.createRef({ repo: 'octocat/hello-world', ref: 'v1.0.0', refType: 'tag' })
  await sim.control.deleteRef({ repo: 'octocat/hello-world', ref: 'feature/shout', refType: 'branch' })
  const events = receiver.received.slice(1).map((r) => [r.headers['x-github-event'], JSON.parse(r.body)] as const)
  t.same(events.map(([event]) => event), ['create', 'push', 'delete', 'push'])
  t.match(events[0]![1], { ref: 'v1.0.0', ref_type: 'tag', master_branch: 'main', pusher_type: 'user' })
  t.same(missingKeys(events[0]![1], example('create')), [])
  t.match(events[1]![1], { ref: 'refs/tags/v1.0.0', created: true, before: '0000000000000000000000000000000000000000' })
  t.match(events[2]![1], { ref: 'feature/shout', ref_type: 'branch' })
  t.same(missingKeys(events[2]![1], example('delete')), [])
  t.match(events[3]![1], { ref: 'refs/heads/feature/shout', deleted: true, after: '0000000000000000000000000000000000000000', head_commit: null })
  t.same((await api(sim, '/repos/octocat/hello-world/branches', { token: 'octocat-token' })).body.map((b: { name: string }) => b.name), ['main'])

  await t.rejects(sim.control.deleteRef({ repo: 'octocat/hello-world', ref: 'main', refType: 'branch' }), /default branch cannot be deleted/)
  await t.rejects(sim.control.createRef({ repo: 'octocat/hello-world', ref: 'v1.0.0', refType: 'tag' }), /tag "v1.0.0" already exists/)
  await t.rejects(sim.control.createRef({ repo: 'octocat/hello-world', ref: 'x', refType: 'note' as never }), /refType must be "branch" or "tag"/)
})

t.test('pull requests: opened, synchronize, closed and merged', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await hookTo(sim, receiver.url, { events: ['pull_request'] })
  const opened = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'feature/shout', title: 'Shout', sender: 'hubot' })
  t.equal(opened.number, 1)
  const openedPayload = JSON.parse(receiver.received.at(-1)!.body)
  t.match(openedPayload, { action: 'opened', number: 1, pull_request: { number: 1, state: 'open', title: 'Shout', head: { ref: 'feature/shout' }, base: { ref: 'main' }, user: { login: 'hubot' } } })
  t.same(missingKeys(openedPayload, example('pull_request', 'opened')), [], 'every field of the real example is present')

  const pushed = await sim.control.push({ repo: 'octocat/hello-world', branch: 'feature/shout', commits: [{ message: 'more shouting' }] })
  await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'synchronize', number: 1 })
  t.match(JSON.parse(receiver.received.at(-1)!.body), { action: 'synchronize', after: pushed.after, pull_request: { head: { sha: pushed.after } } })

  await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'closed', number: 1, merged: true })
  const closed = JSON.parse(receiver.received.at(-1)!.body)
  t.match(closed, { action: 'closed', pull_request: { state: 'closed', merged: true, merge_commit_sha: /^[0-9a-f]{40}$/ } })
  const main = (await api(sim, '/repos/octocat/hello-world/commits?per_page=1', { token: 'octocat-token' })).body[0]
  t.equal(main.sha, closed.pull_request.merge_commit_sha, 'merging moved the base branch')

  await t.rejects(sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'nope' }), /needs "head": an existing branch/)
  await t.rejects(sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'closed', number: 99 }), /no pull request #99/)
  await t.rejects(sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'labeled' as never, number: 1 }), /action must be one of/)
})

t.test('releases: published creates the tag and sends release', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await hookTo(sim, receiver.url, { events: ['release'] })
  const result = await sim.control.release({ repo: 'octocat/hello-world', tag: 'v2.0.0', name: 'Two' })
  const payload = JSON.parse(receiver.received.at(-1)!.body)
  t.match(payload, { action: 'published', release: { id: result.id, tag_name: 'v2.0.0', name: 'Two', draft: false, target_commitish: 'main' } })
  t.same(missingKeys(payload, example('release', 'published')), [])
  const tagged = (await api(sim, '/repos/octocat/hello-world/commits?sha=v2.0.0&per_page=1', { token: 'octocat-token' })).body[0]
  t.equal(tagged.commit.message, 'Say hello in French too', 'the tag points at the target')
  await t.rejects(sim.control.release({ repo: 'octocat/hello-world', tag: '' }), /a release needs "tag"/)
})

t.test('org repos carry organization; hooks only get their events; ping shape', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await hookTo(sim, receiver.url, { repo: 'octo-org/platform', events: ['push'] })
  const ping = JSON.parse(receiver.received[0]!.body)
  t.same(missingKeys(ping, example('ping')), [])
  t.match(ping, { zen: /\w/, hook: { type: 'Repository', config: { url: receiver.url } }, organization: { login: 'octo-org' } })
  const released = await sim.control.release({ repo: 'octo-org/platform', tag: 'v1' })
  t.same(released.deliveries, [], 'not subscribed to release')
  await sim.control.push({ repo: 'octo-org/platform', commits: [{ message: 'org push' }] })
  const push = JSON.parse(receiver.received.at(-1)!.body)
  t.match(push, { organization: { login: 'octo-org' }, sender: { login: 'octocat' }, repository: { organization: 'octo-org' } }, 'an org admin is the default sender')
})

t.test('form content type and hooks without a secret', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await hookTo(sim, receiver.url, { contentType: 'form', events: ['push'] })
  await hookTo(sim, `${receiver.url}/plain`, { secret: null, events: ['push'] })
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'both' }] })
  const form = receiver.received.find((r) => r.headers['content-type'] === 'application/x-www-form-urlencoded' && r.headers['x-github-event'] === 'push')!
  t.ok(await verify(SECRET, form.body, String(form.headers['x-hub-signature-256'])), 'signed over the form body')
  t.equal(JSON.parse(new URLSearchParams(form.body).get('payload')!).head_commit.message, 'both')
  const plain = receiver.received.filter((r) => r.headers['content-type'] === 'application/json')
  t.ok(plain.length >= 1)
  for (const r of plain) t.equal(r.headers['x-hub-signature-256'], undefined, 'no secret, no signature')
})

t.test('failures are recorded: HTTP errors, refused connections, timeouts', async (t) => {
  const sim = await startSim(t, { deliveryTimeoutMs: 200 })
  const failing = await startReceiver(t, { status: 500 })
  const slow = await startReceiver(t, { delayMs: 1_000 })
  await hookTo(sim, failing.url, { events: ['push'] })
  await hookTo(sim, slow.url, { events: ['push'] })
  await hookTo(sim, 'http://127.0.0.1:1/refused', { events: ['push'] })
  const { deliveries } = await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'to three hooks' }] })
  const statuses = deliveries.map((d) => [d.statusCode, d.status]).sort()
  t.same(statuses, [[0, 'failed to connect to host'], [0, 'timed out'], [500, 'Invalid HTTP Response: 500']])
  const timedOut = deliveries.find((d) => d.status === 'timed out')!
  t.ok(timedOut.duration >= 0.15 && timedOut.duration < 1, `the timeout bounded the attempt (${timedOut.duration} s)`)
  const hooks = await api(sim, '/repos/octocat/hello-world/hooks', { token: 'octocat-token' })
  t.ok(hooks.body.every((h: { last_response: { status: string } }) => h.last_response.status === 'failed'))
})

t.test('deliveries API: newest first, cursor paging, status filter, detail, redelivery keeps the GUID', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t, { status: 500 })
  const hookId = await hookTo(sim, receiver.url, { events: ['push'] })
  receiver.state.status = 200
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'one' }] })
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'two' }] })
  const base = `/repos/octocat/hello-world/hooks/${hookId}/deliveries`
  const all = (await api(sim, base, { token: 'octocat-token' })).body
  t.same(all.map((d: { event: string }) => d.event), ['push', 'push', 'ping'])
  t.ok(all[0].id > all[1].id, 'newest first')
  t.match(all[0], { status_code: 200, status: 'OK', redelivery: false, repository_id: 1296269, installation_id: null })

  const first = await api(sim, `${base}?per_page=2`, { token: 'octocat-token' })
  t.equal(first.body.length, 2)
  const next = first.headers.get('link')!.match(/<([^>]+)>; rel="next"/)![1]!
  const rest = await fetch(next, { headers: { authorization: 'token octocat-token' } }).then((r) => r.json() as Promise<any>)
  t.same(rest.map((d: { event: string }) => d.event), ['ping'])
  t.equal((await api(sim, `${base}?cursor=bad`, { token: 'octocat-token' })).status, 400)
  t.same((await api(sim, `${base}?status=failure`, { token: 'octocat-token' })).body.map((d: { event: string }) => d.event), ['ping'])
  t.equal((await api(sim, `${base}?status=maybe`, { token: 'octocat-token' })).status, 422)

  const ping = all[2]
  const detail = await api(sim, `${base}/${ping.id}`, { token: 'octocat-token' })
  t.match(detail.body, { id: ping.id, url: receiver.url, request: { headers: { 'X-GitHub-Event': 'ping' }, payload: { hook_id: hookId } }, response: { payload: '{"ok":true}' } })
  t.equal((await api(sim, `${base}/12345`, { token: 'octocat-token' })).status, 404)

  const attempt = await api(sim, `${base}/${ping.id}/attempts`, { token: 'octocat-token', method: 'POST' })
  t.equal(attempt.status, 202)
  t.same(attempt.body, {})
  await sim.control.idle()
  const redelivered = receiver.received.at(-1)!
  t.equal(redelivered.headers['x-github-delivery'], ping.guid, 'same GUID')
  const latest = (await api(sim, base, { token: 'octocat-token' })).body[0]
  t.match(latest, { guid: ping.guid, redelivery: true, status_code: 200 })
  t.equal((await api(sim, `${base}/${ping.id}/attempts`, { token: 'hubot-token', method: 'POST' })).status, 403, 'redelivery needs admin')
  t.equal(sim.control.deliveries({ guid: ping.guid }).length, 2)
  t.equal(sim.control.deliveries({ repo: 'octocat/hello-world', event: 'push' }).length, 2)
})

t.test('control input errors say what to fix', async (t) => {
  const sim = await startSim(t)
  await t.rejects(sim.control.push({ repo: 'octocat/hello-world', commits: [] }), /a push needs at least one commit/)
  await t.rejects(sim.control.push({ repo: 'octocat', commits: [{ message: 'x' }] }), /no repository "octocat" \(use "owner\/name"\)/)
  await t.rejects(sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'x' }], sender: 'ghost' }), /no user "ghost"/)
  await t.rejects(sim.control.push({ repo: 'octocat/hello-world', commits: [{} as never] }), /every commit needs a message/)
})
