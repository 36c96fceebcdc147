import { example } from '@gwm/testkit'
import { verify } from '@octokit/webhooks-methods'
import t from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, defaultAppJwt, missingKeys, startReceiver, startSim } from './helpers.ts'

// biome-ignore lint/suspicious/noExplicitAny: payloads are read field by field
const payloadOf = (delivery: { body: string }) => JSON.parse(delivery.body) as Record<string, any>

/** A repository hook on octocat/hello-world for the check events, to a new receiver. */
async function checkHook(t: Parameters<typeof startReceiver>[0], sim: GitHubSim, events = ['check_suite', 'check_run']) {
  const receiver = await startReceiver(t)
  const res = await api(sim, '/repos/octocat/hello-world/hooks', { token: 'octocat-token', method: 'POST', body: { config: { url: receiver.url, content_type: 'json', secret: 's' }, events } })
  if (res.status !== 201) throw new Error(`hook not created: ${JSON.stringify(res.body)}`)
  await sim.control.idle()
  receiver.received.length = 0
  return receiver
}

/** Optional keys of check payloads: an App's permissions are its own (and a run's deployment GitHub adds only for Actions' deployments). */
const OPTIONAL = new Set(['installation', 'organization', 'enterprise', 'deployment', 'permissions'])

const mainHead = async (sim: GitHubSim) => (await api(sim, '/repos/octocat/hello-world/commits/main', { token: 'octocat-token' })).body.sha as string

t.test('a check suite with runs: requested and created, then completed, shaped like GitHub\'s', async (t) => {
  const sim = await startSim(t)
  const receiver = await checkHook(t, sim)
  const sha = await mainHead(sim)
  const started = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', app: 'ci', runs: ['build', 'test'] })
  t.match(started, { headSha: sha, headBranch: 'main', app: 'ci', appId: /\d/, status: 'queued', conclusion: null, runs: [{ name: 'build', status: 'queued' }, { name: 'test', status: 'queued' }] })
  t.same(started.deliveries.map((d) => [d.event, d.action]), [['check_suite', 'requested'], ['check_run', 'created'], ['check_run', 'created']])

  const [requested, createdBuild] = receiver.received.map(payloadOf)
  t.match(requested, {
    action: 'requested',
    check_suite: { id: started.id, head_sha: sha, head_branch: 'main', status: 'queued', conclusion: null, pull_requests: [], app: { slug: 'ci', id: started.appId, owner: { login: 'ci' } }, head_commit: { id: sha, message: 'Say hello in French too' }, after: sha, latest_check_runs_count: 2 },
    repository: { full_name: 'octocat/hello-world' },
    sender: { login: 'octocat' },
  })
  t.same(missingKeys(requested, example('check_suite', 'requested'), OPTIONAL), [], 'every field of the real example is present')
  t.match(createdBuild, { action: 'created', check_run: { name: 'build', status: 'queued', conclusion: null, head_sha: sha, completed_at: null, check_suite: { id: started.id, status: 'queued' }, app: { slug: 'ci' } } })
  t.same(missingKeys(createdBuild, example('check_run', 'created'), OPTIONAL), [])

  const build = await sim.control.completeCheckRun({ repo: 'octocat/hello-world', branch: 'main', name: 'build', conclusion: 'success' })
  t.match(build, { name: 'build', status: 'completed', conclusion: 'success', suite: { id: started.id, status: 'in_progress', conclusion: null } })
  t.same(build.deliveries.map((d) => [d.event, d.action]), [['check_run', 'completed']], 'one run left: the suite goes on')
  const completedRun = payloadOf(receiver.received.at(-1)!)
  t.match(completedRun, { action: 'completed', check_run: { name: 'build', status: 'completed', conclusion: 'success', completed_at: /Z$/, check_suite: { status: 'in_progress' } } })
  t.same(missingKeys(completedRun, example('check_run', 'completed'), OPTIONAL), [])

  const test = await sim.control.completeCheckRun({ repo: 'octocat/hello-world', run: started.runs[1]!.id, conclusion: 'failure' })
  t.same(test.deliveries.map((d) => [d.event, d.action]), [['check_run', 'completed'], ['check_suite', 'completed']], 'the last run completes the suite')
  const completed = payloadOf(receiver.received.at(-1)!)
  t.match(completed, { action: 'completed', check_suite: { id: started.id, status: 'completed', conclusion: 'failure', head_sha: sha, head_branch: 'main' } })
  t.same(missingKeys(completed, example('check_suite', 'completed'), OPTIONAL), [])
  t.match(sim.control.checkSuites('octocat/hello-world'), [{ id: started.id, status: 'completed', conclusion: 'failure', runs: [{ conclusion: 'success' }, { conclusion: 'failure' }] }])
})

t.test('completing a suite completes its open runs; its conclusion is the worst of theirs; without runs, the one given', async (t) => {
  const sim = await startSim(t)
  const receiver = await checkHook(t, sim, ['check_suite'])
  const suite = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', runs: ['lint', 'e2e'] })
  t.equal(suite.app, 'ci', 'the App defaults to "ci"')
  t.equal(suite.deliveries.length, 1, 'a hook subscribed to check_suite only gets no check_run')
  await sim.control.completeCheckRun({ repo: 'octocat/hello-world', suite: suite.id, name: 'e2e', conclusion: 'cancelled' })
  const done = await sim.control.completeCheckSuite({ repo: 'octocat/hello-world', suite: suite.id, conclusion: 'success' })
  t.match(done, { status: 'completed', conclusion: 'cancelled', runs: [{ name: 'lint', conclusion: 'success' }, { name: 'e2e', conclusion: 'cancelled' }] })
  t.match(payloadOf(receiver.received.at(-1)!), { action: 'completed', check_suite: { conclusion: 'cancelled' } })

  for (const conclusion of ['success', 'failure', 'neutral', 'cancelled', 'timed_out', 'action_required', 'skipped'] as const) {
    const bare = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', sha: suite.headSha, app: `app-${conclusion.replace('_', '-')}` })
    const finished = await sim.control.completeCheckSuite({ repo: 'octocat/hello-world', sha: suite.headSha, app: bare.app, conclusion })
    t.match(finished, { id: bare.id, status: 'completed', conclusion }, conclusion)
    t.match(payloadOf(receiver.received.at(-1)!), { check_suite: { id: bare.id, conclusion, app: { slug: bare.app } } })
  }
})

t.test('a suite for a pull request\'s head lists it; head_branch follows the commit; a registered App is itself', async (t) => {
  const sim = await startSim(t)
  const receiver = await checkHook(t, sim, ['check_suite'])
  const opened = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'feature/shout' })
  const head = (await api(sim, '/repos/octocat/hello-world/commits/feature%2Fshout', { token: 'octocat-token' })).body.sha
  const suite = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', sha: head, app: 'gwm-local' })
  t.equal(suite.headBranch, 'feature/shout', 'the branch whose head the commit is')
  const payload = payloadOf(receiver.received.at(-1)!)
  t.match(payload.check_suite, {
    head_branch: 'feature/shout',
    pull_requests: [{ number: opened.number, head: { ref: 'feature/shout', sha: head, repo: { id: 1296269, name: 'hello-world' } }, base: { ref: 'main' } }],
    app: { id: sim.control.app().id, slug: 'gwm-local', owner: { login: 'octocat' } },
  })
  t.equal(payload.check_suite.before, await mainHead(sim), 'before: the parent commit')
  const olderSha = (await api(sim, '/repos/octocat/hello-world/commits?sha=main&per_page=2', { token: 'octocat-token' })).body[1].sha
  const older = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', sha: olderSha })
  t.equal(older.headBranch, null, 'no branch points at an older commit')
  t.same(payloadOf(receiver.received.at(-1)!).check_suite.pull_requests, [])
})

t.test('the App hears check_suite (the default seed subscribes to it) and check_run once it subscribes', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t)
  sim.control.editApp('gwm-local', { webhookUrl: receiver.url, webhookSecret: 'app-secret' })
  const { id } = await sim.control.install({ account: 'octocat', repositories: ['hello-world'] })
  receiver.received.length = 0
  t.same(sim.control.app().events, ['push', 'pull_request', 'create', 'delete', 'release', 'check_suite'], 'the default seed\'s events are unchanged')

  const first = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', runs: ['build'] })
  t.same(first.deliveries.map((d) => [d.event, d.installationId]), [['check_suite', id]], 'no check_run: not subscribed')
  const delivery = receiver.received[0]!
  t.match(delivery.headers, { 'x-github-event': 'check_suite', 'x-github-hook-installation-target-type': 'integration' })
  t.ok(await verify('app-secret', delivery.body, String(delivery.headers['x-hub-signature-256'])))
  t.match(payloadOf(delivery), { action: 'requested', installation: { id }, check_suite: { app: { slug: 'ci' } } })

  sim.control.editApp('gwm-local', { events: ['check_suite', 'check_run'] })
  const done = await sim.control.completeCheckSuite({ repo: 'octocat/hello-world', branch: 'main', conclusion: 'success' })
  t.same(done.deliveries.map((d) => [d.event, d.action]), [['check_run', 'completed'], ['check_suite', 'completed']])
  t.match(payloadOf(receiver.received.at(-1)!), { action: 'completed', installation: { id }, check_suite: { status: 'completed', conclusion: 'success' } })
  t.same((await sim.control.startCheckSuite({ repo: 'octocat/private-notes', branch: 'main' })).deliveries, [], 'a repository outside the installation: nothing')
})

t.test('REST: check suites and check runs of a ref, filters, and who may read them', async (t) => {
  const sim = await startSim(t)
  const sha = await mainHead(sim)
  const ci = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', runs: ['build', 'test'] })
  await sim.control.completeCheckRun({ repo: 'octocat/hello-world', suite: ci.id, name: 'build', conclusion: 'failure' })
  const rerun = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', runs: ['build'] })
  await sim.control.completeCheckSuite({ repo: 'octocat/hello-world', suite: rerun.id, conclusion: 'success' })
  const other = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', app: 'lint-bot', runs: ['lint'] })
  await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'feature/shout', runs: ['build'] })

  const suites = await api(sim, '/repos/octocat/hello-world/commits/main/check-suites', { token: 'octocat-token' })
  t.equal(suites.status, 200)
  t.equal(suites.body.total_count, 3)
  t.same(suites.body.check_suites.map((s: { id: number }) => s.id), [ci.id, rerun.id, other.id], 'oldest first')
  t.match(suites.body.check_suites[1], { head_sha: sha, head_branch: 'main', status: 'completed', conclusion: 'success', app: { slug: 'ci' }, repository: { full_name: 'octocat/hello-world' }, latest_check_runs_count: 1 })
  t.same((await api(sim, `/repos/octocat/hello-world/commits/${sha}/check-suites?app_id=${other.appId}`, { token: 'octocat-token' })).body.check_suites.map((s: { id: number }) => s.id), [other.id])
  t.equal((await api(sim, '/repos/octocat/hello-world/commits/main/check-suites?check_name=test', { token: 'octocat-token' })).body.total_count, 1)
  const paged = await api(sim, '/repos/octocat/hello-world/commits/main/check-suites?per_page=1&page=2', { token: 'octocat-token' })
  t.match(paged.body, { total_count: 3, check_suites: [{ id: rerun.id }] })
  t.match(paged.headers.get('link'), 'rel="next"')

  const latest = await api(sim, '/repos/octocat/hello-world/commits/main/check-runs', { token: 'octocat-token' })
  t.same(latest.body.check_runs.map((r: { name: string; conclusion: string | null }) => [r.name, r.conclusion]), [['test', null], ['build', 'success'], ['lint', null]], 'latest: the newest run of each name and App')
  t.match(latest.body.check_runs[1], { check_suite: { id: rerun.id }, app: { slug: 'ci' }, status: 'completed', head_sha: sha })
  t.equal((await api(sim, '/repos/octocat/hello-world/commits/main/check-runs?filter=all', { token: 'octocat-token' })).body.total_count, 4)
  t.same((await api(sim, '/repos/octocat/hello-world/commits/main/check-runs?filter=all&check_name=build&status=completed', { token: 'octocat-token' })).body.check_runs.map((r: { conclusion: string }) => r.conclusion), ['failure', 'success'])
  t.equal((await api(sim, '/repos/octocat/hello-world/commits/main/check-runs?status=done', { token: 'octocat-token' })).status, 422)
  t.equal((await api(sim, '/repos/octocat/hello-world/commits/main/check-runs?filter=newest', { token: 'octocat-token' })).status, 422)
  const unknown = await api(sim, '/repos/octocat/hello-world/commits/nope/check-suites', { token: 'octocat-token' })
  t.match(unknown, { status: 422, body: { message: 'No commit found for SHA: nope' } })

  t.equal((await api(sim, '/repos/octocat/hello-world/commits/main/check-suites')).status, 200, 'a public repository: anyone')
  t.equal((await api(sim, '/repos/octocat/hello-world/commits/main/check-runs', { token: 'hubot-token' })).status, 200)
  await sim.control.startCheckSuite({ repo: 'octocat/private-notes', branch: 'main' })
  t.equal((await api(sim, '/repos/octocat/private-notes/commits/main/check-suites', { token: 'monalisa-token' })).body.total_count, 1, 'a reader of the private repository')
  t.equal((await api(sim, '/repos/octocat/private-notes/commits/main/check-suites', { token: 'hubot-token' })).status, 404, 'not for who cannot see it')

  const { id } = await sim.control.install({ account: 'octocat' })
  const jwt = defaultAppJwt(sim)
  const token = (await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST' })).body.token
  t.equal((await api(sim, '/repos/octocat/private-notes/commits/main/check-suites', { token })).status, 200, 'an installation token with checks: read')
  t.equal((await api(sim, '/repos/octocat/private-notes/commits/main/check-runs', { token })).status, 200)
  const narrowed = (await api(sim, `/app/installations/${id}/access_tokens`, { jwt, method: 'POST', body: { permissions: { contents: 'read' } } })).body.token
  const refused = await api(sim, '/repos/octocat/private-notes/commits/main/check-suites', { token: narrowed })
  t.match(refused, { status: 403, body: { message: 'Resource not accessible by integration' } }, 'without checks: read')
})

t.test('bad check input is 422 with a message, in-process and over /_sim', async (t) => {
  const sim = await startSim(t)
  const suite = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', runs: ['build'] })
  await t.rejects(sim.control.startCheckSuite({ repo: 'octocat/hello-world' }), /say which commit: "sha" or "branch"/)
  await t.rejects(sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'nope' }), /no branch "nope" in octocat\/hello-world/)
  await t.rejects(sim.control.startCheckSuite({ repo: 'octocat/hello-world', sha: 'deadbeef' }), /no commit "deadbeef"/)
  await t.rejects(sim.control.startCheckSuite({ repo: 'octocat/empty-repo', branch: 'main' }), /no branch "main" in octocat\/empty-repo/)
  await t.rejects(sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', app: 'not a slug' }), /app must be an App slug/)
  await t.rejects(sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', runs: ['a', 'a'] }), /must not name a check run twice/)
  await t.rejects(sim.control.completeCheckSuite({ repo: 'octocat/hello-world', suite: suite.id, conclusion: 'stale' as never }), /conclusion must be one of success, failure, neutral, cancelled, timed_out, action_required, skipped/)
  await t.rejects(sim.control.completeCheckSuite({ repo: 'octocat/hello-world', branch: 'main', app: 'other', conclusion: 'success' }), /no check suite of "other"/)
  await t.rejects(sim.control.completeCheckRun({ repo: 'octocat/hello-world', suite: suite.id, conclusion: 'success' }), /say which check run/)
  await t.rejects(sim.control.completeCheckRun({ repo: 'octocat/hello-world', suite: suite.id, name: 'deploy', conclusion: 'success' }), /has no check run "deploy"/)
  await sim.control.completeCheckSuite({ repo: 'octocat/hello-world', suite: suite.id, conclusion: 'success' })
  await t.rejects(sim.control.completeCheckSuite({ repo: 'octocat/hello-world', suite: suite.id, conclusion: 'success' }), /already completed \(success\)/)
  await t.rejects(sim.control.completeCheckRun({ repo: 'octocat/hello-world', run: suite.runs[0]!.id, conclusion: 'failure' }), /check run \d+ \("build"\) is already completed/)

  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${sim.url}/_sim${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    return { status: res.status, body: (await res.json()) as Record<string, any> }
  }
  const started = await control('/repos/octocat/hello-world/check-suites', { branch: 'feature/shout', app: 'ci', runs: ['build'] })
  t.match(started, { status: 201, body: { headBranch: 'feature/shout', runs: [{ name: 'build' }], deliveries: [] } })
  const run = await control('/repos/octocat/hello-world/check-runs/complete', { branch: 'feature/shout', name: 'build', conclusion: 'timed_out' })
  t.match(run, { status: 200, body: { conclusion: 'timed_out', suite: { status: 'completed', conclusion: 'timed_out' } } })
  const listed = await fetch(`${sim.url}/_sim/repos/octocat/hello-world/check-suites?sha=feature/shout`).then((res) => res.json())
  t.match(listed, [{ id: started.body.id, conclusion: 'timed_out' }])
  for (const [path, body, pattern] of [
    ['/repos/octocat/hello-world/check-suites', { app: 'ci' }, /say which commit/],
    ['/repos/octocat/hello-world/check-suites', { branch: 'main', runs: 'build' }, /runs must be a list of check run names/],
    ['/repos/nobody/nothing/check-suites', { branch: 'main' }, /no repository "nobody\/nothing"/],
    ['/repos/octocat/hello-world/check-suites/complete', { suite: 1, conclusion: 'success' }, /no check suite 1 in octocat\/hello-world/],
    ['/repos/octocat/hello-world/check-suites/complete', { branch: 'main', conclusion: 'green' }, /conclusion must be one of/],
    ['/repos/octocat/hello-world/check-runs/complete', { run: 1, conclusion: 'success' }, /no check run 1/],
    ['/repos/octocat/hello-world/check-suites', { branch: 'main', sender: 'ghost' }, /no user "ghost"/],
  ] as const) {
    const res = await control(path, body)
    t.equal(res.status, 422, `${path} ${JSON.stringify(body)}`)
    t.match(res.body.message, pattern)
  }
})
