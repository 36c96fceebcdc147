import { example } from '@gwm/testkit'
import t from 'tap'
import { api, defaultAppJwt, missingKeys, startReceiver, startSim } from './helpers.ts'

// biome-ignore lint/suspicious/noExplicitAny: payloads are read field by field
const payloadOf = (delivery: { body: string }) => JSON.parse(delivery.body) as Record<string, any>

t.test('labels on a pull request: labeled and unlabeled with label and the pull request\'s labels', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  await api(sim, '/repos/octocat/hello-world/hooks', { token: 'octocat-token', method: 'POST', body: { config: { url: receiver.url, content_type: 'json' }, events: ['pull_request'] } })
  const { number } = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'feature/shout' })
  t.same(payloadOf(receiver.received.at(-1)!).pull_request.labels, [], 'pull request payloads always carry labels')

  const added = await sim.control.addLabel({ repo: 'octocat/hello-world', number, label: 'deploy:preview', color: 'D73A4A', description: 'Deploy a preview', sender: 'hubot' })
  t.same(added.labels, ['deploy:preview'])
  t.match(added.deliveries, [{ event: 'pull_request', action: 'labeled' }])
  const labeled = payloadOf(receiver.received.at(-1)!)
  const label = { name: 'deploy:preview', color: 'd73a4a', description: 'Deploy a preview', default: false, id: /\d/, node_id: /\w/, url: /\/repos\/octocat\/hello-world\/labels\/deploy%3Apreview$/ }
  t.match(labeled, { action: 'labeled', number, label, pull_request: { number, labels: [label] }, sender: { login: 'hubot' } })
  t.same(missingKeys(labeled, example('pull_request', 'labeled')), [], 'every field of the real example is present')

  await sim.control.addLabel({ repo: 'octocat/hello-world', number, label: 'needs-ci' })
  await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'synchronize', number })
  t.same(payloadOf(receiver.received.at(-1)!).pull_request.labels.map((l: { name: string }) => l.name), ['deploy:preview', 'needs-ci'], 'later events carry the labels')

  const removed = await sim.control.removeLabel({ repo: 'octocat/hello-world', number, label: 'DEPLOY:preview' })
  t.same(removed.labels, ['needs-ci'])
  const unlabeled = payloadOf(receiver.received.at(-1)!)
  t.match(unlabeled, { action: 'unlabeled', label: { name: 'deploy:preview', color: 'd73a4a' }, pull_request: { labels: [{ name: 'needs-ci', color: /^[0-9a-f]{6}$/ }] } })
  t.same(missingKeys(unlabeled, example('pull_request', 'unlabeled')), [])

  const again = await sim.control.addLabel({ repo: 'octocat/hello-world', number, label: 'deploy:preview', color: '000000' })
  t.match(again.deliveries, [{ action: 'labeled' }])
  t.equal(payloadOf(receiver.received.at(-1)!).label.color, 'd73a4a', 'the repository\'s label is reused, color and all')

  const listed = await api(sim, `/repos/octocat/hello-world/issues/${number}/labels`, { token: 'octocat-token' })
  t.equal(listed.status, 200)
  t.same(listed.body.map((l: { name: string }) => l.name), ['needs-ci', 'deploy:preview'])
  t.equal((await api(sim, `/repos/octocat/hello-world/issues/${number}/labels`)).status, 200, 'anyone reads a public repository\'s')
  t.equal((await api(sim, '/repos/octocat/hello-world/issues/99/labels', { token: 'octocat-token' })).status, 404)
  const { id } = await sim.control.install({ account: 'octocat' })
  const token = (await api(sim, `/app/installations/${id}/access_tokens`, { jwt: defaultAppJwt(sim), method: 'POST' })).body.token
  t.equal((await api(sim, `/repos/octocat/hello-world/issues/${number}/labels`, { token })).status, 200, 'an installation token with pull_requests: read')
})

t.test('bad label input is 422 with a message, in-process and over /_sim', async (t) => {
  const sim = await startSim(t)
  const { number } = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'feature/shout' })
  await sim.control.addLabel({ repo: 'octocat/hello-world', number, label: 'bug' })
  await t.rejects(sim.control.addLabel({ repo: 'octocat/hello-world', number, label: 'Bug' }), /pull request #1 already has the label "Bug"/)
  await t.rejects(sim.control.addLabel({ repo: 'octocat/hello-world', number: 7, label: 'bug' }), /no pull request #7 in octocat\/hello-world/)
  await t.rejects(sim.control.addLabel({ repo: 'octocat/hello-world', number, label: '' }), /label must be a name of 1 to 50 characters/)
  await t.rejects(sim.control.addLabel({ repo: 'octocat/hello-world', number, label: 'x'.repeat(51) }), /label must be a name of 1 to 50 characters/)
  await t.rejects(sim.control.addLabel({ repo: 'octocat/hello-world', number, label: 'new', color: 'red' }), /color must be 6 hex digits/)
  await t.rejects(sim.control.addLabel({ repo: 'octocat/hello-world', number, label: 'new', sender: 'ghost' }), /no user "ghost"/)
  await t.rejects(sim.control.removeLabel({ repo: 'octocat/hello-world', number, label: 'wontfix' }), /pull request #1 has no label "wontfix"/)

  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/_sim${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) })
    return { status: res.status, body: (await res.json()) as Record<string, any> }
  }
  t.match(await control('POST', `/repos/octocat/hello-world/pulls/${number}/labels`, { label: 'deploy:staging' }), { status: 200, body: { labels: ['bug', 'deploy:staging'], deliveries: [] } })
  t.match(await control('DELETE', `/repos/octocat/hello-world/pulls/${number}/labels/${encodeURIComponent('deploy:staging')}`), { status: 200, body: { labels: ['bug'] } })
  for (const [method, path, body, pattern] of [
    ['POST', `/repos/octocat/hello-world/pulls/${number}/labels`, {}, /label must be a name/],
    ['POST', '/repos/octocat/hello-world/pulls/5/labels', { label: 'x' }, /no pull request #5/],
    ['DELETE', `/repos/octocat/hello-world/pulls/${number}/labels/nope`, undefined, /has no label "nope"/],
  ] as const) {
    const res = await control(method, path, body)
    t.equal(res.status, 422, `${method} ${path}`)
    t.match(res.body.message, pattern)
  }
})
