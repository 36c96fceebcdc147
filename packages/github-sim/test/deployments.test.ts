import t, { type Test } from 'tap'
import type { GitHubSim } from '../src/index.ts'
import { api, defaultAppJwt, startSim } from './helpers.ts'
import { loadOpenApi } from './openapi.ts'

const openapi = loadOpenApi()
const REPO = '/repos/octocat/hello-world'

/** An installation token of the default App (deployments: write, pull_requests: write) on octocat's repositories. */
async function installationToken(sim: GitHubSim, permissions?: Record<string, string>): Promise<string> {
  const { id } = await sim.control.install({ account: 'octocat' })
  const res = await api(sim, `/app/installations/${id}/access_tokens`, { jwt: defaultAppJwt(sim), method: 'POST', ...(permissions ? { body: { permissions } } : {}) })
  return res.body.token as string
}

const conforms = (t: Test, method: string, op: string, res: { status: number; body: unknown }) =>
  t.same(openapi.check(method, op, res.status, res.body), [], `${method} ${op} ${res.status} matches GitHub's description`)

t.test('create a deployment: the ref resolved to its commit, GitHub\'s defaults and flags, the App as performer', async (t) => {
  const sim = await startSim(t)
  const token = await installationToken(sim)
  const main = (await api(sim, `${REPO}/branches/main`, { token })).body.commit.sha as string

  const production = await api(sim, `${REPO}/deployments`, { token, method: 'POST', body: { ref: 'main', environment: 'production', auto_merge: false, required_contexts: [], payload: { requestId: 'r-1' }, description: 'push to main' } })
  t.equal(production.status, 201)
  conforms(t, 'POST', '/repos/{owner}/{repo}/deployments', production)
  t.match(production.body, {
    sha: main, ref: 'main', task: 'deploy', environment: 'production', original_environment: 'production', description: 'push to main',
    payload: { requestId: 'r-1' }, transient_environment: false, production_environment: true,
    creator: { login: 'gwm-local[bot]', type: 'Bot' }, performed_via_github_app: { slug: 'gwm-local' },
    statuses_url: `${sim.apiUrl}${REPO}/deployments/${production.body.id}/statuses`,
  })

  const { number } = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'feature/shout' })
  const head = (await api(sim, `${REPO}/commits/feature%2Fshout`, { token })).body.sha as string
  const preview = await api(sim, `${REPO}/deployments`, { token, method: 'POST', body: { ref: `refs/pull/${number}/head`, environment: `pr-${number}`, transient_environment: true, required_contexts: [] } })
  t.equal(preview.status, 201)
  t.match(preview.body, { sha: head, environment: `pr-${number}`, transient_environment: true, production_environment: false, payload: {}, description: '' })
  const bySha = await api(sim, `${REPO}/deployments`, { token, method: 'POST', body: { ref: main.slice(0, 7), environment: 'staging', payload: '{"a":1}' } })
  t.match(bySha.body, { sha: main, ref: main.slice(0, 7), payload: '{"a":1}', production_environment: false })

  const listed = await api(sim, `${REPO}/deployments`, { token })
  conforms(t, 'GET', '/repos/{owner}/{repo}/deployments', listed)
  t.same(listed.body.map((d: { id: number }) => d.id), [bySha.body.id, preview.body.id, production.body.id], 'newest first')
  t.same((await api(sim, `${REPO}/deployments?environment=production`, { token })).body.map((d: { id: number }) => d.id), [production.body.id])
  t.same((await api(sim, `${REPO}/deployments?sha=${head}`, { token })).body.map((d: { id: number }) => d.id), [preview.body.id])
  t.same((await api(sim, `${REPO}/deployments?ref=main`, { token })).body.map((d: { id: number }) => d.id), [production.body.id])
  const paged = await api(sim, `${REPO}/deployments?per_page=2`, { token })
  t.equal(paged.body.length, 2)
  t.match(paged.headers.get('link'), /rel="next"/)

  const one = await api(sim, `${REPO}/deployments/${preview.body.id}`, { token })
  conforms(t, 'GET', '/repos/{owner}/{repo}/deployments/{deployment_id}', one)
  t.equal(one.body.id, preview.body.id)
  t.equal((await api(sim, `${REPO}/deployments/1`, { token })).status, 404, 'an unknown deployment is 404')
  t.equal((await api(sim, `${REPO}/deployments`, { token: 'octocat-token' })).status, 200, 'a user reads them too')
  t.match(sim.control.deployments('octocat/hello-world', { environment: `pr-${number}` }), [{ id: preview.body.id, transientEnvironment: true, state: null, statuses: [] }])
})

t.test('bad deployment input: GitHub\'s 422s, 409 for failing checks, 403/401 without the right credential; nothing created', async (t) => {
  const sim = await startSim(t)
  const token = await installationToken(sim)
  const post = (body: unknown, credential: { token?: string } = { token }) => api(sim, `${REPO}/deployments`, { ...credential, method: 'POST', body })
  for (const [body, message] of [
    [{}, /"ref" wasn't supplied/],
    [{ ref: 42 }, /properties\/ref/],
    [{ ref: 'main', transient_environment: 'yes' }, /properties\/transient_environment/],
    [{ ref: 'main', required_contexts: 'ci' }, /properties\/required_contexts/],
    [{ ref: 'main', payload: 7 }, /properties\/payload/],
    [{ ref: 'main', environment: ' ' }, /"environment" can't be blank/],
    [{ ref: 'no-such-branch' }, /No ref found for: no-such-branch/],
  ] as const) {
    const res = await post(body)
    t.equal(res.status, 422, JSON.stringify(body))
    t.match(res.body.message, message)
    conforms(t, 'POST', '/repos/{owner}/{repo}/deployments', res)
  }
  // A CI App's failing check: GitHub verifies every context unless required_contexts is [].
  const suite = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', runs: ['build'] })
  await sim.control.completeCheckSuite({ repo: 'octocat/hello-world', suite: suite.id, conclusion: 'failure' })
  const conflict = await post({ ref: 'main' })
  t.equal(conflict.status, 409)
  t.match(conflict.body, { message: 'Conflict: Commit status checks failed for main.', errors: [{ contexts: [{ context: 'build', state: 'failure' }], field: 'required_contexts' }] })
  t.equal((await post({ ref: 'main', required_contexts: ['lint'] })).status, 409, 'a required context never reported fails too')
  t.equal(sim.control.deployments('octocat/hello-world').length, 0, 'nothing was created')
  t.equal((await post({ ref: 'main', required_contexts: [] })).status, 201, 'an empty list skips the checks')

  const readOnly = await installationToken(sim, { deployments: 'read' })
  t.match(await post({ ref: 'main' }, { token: readOnly }), { status: 403, body: { message: 'Resource not accessible by integration' } })
  t.equal((await post({ ref: 'main' }, {})).status, 401, 'anonymous')
  t.equal((await post({ ref: 'main' }, { token: 'monalisa-token' })).status, 404, 'a user without push rights (monalisa only reads the public repository)')
  t.equal((await api(sim, '/repos/octocat/private-notes/deployments', { token: 'hubot-token' })).status, 404)
})

t.test('deployment statuses: URLs, history newest first, 422 for a bad state, 404 for an unknown deployment', async (t) => {
  const sim = await startSim(t)
  const token = await installationToken(sim)
  const deployment = (await api(sim, `${REPO}/deployments`, { token, method: 'POST', body: { ref: 'main', environment: 'staging', required_contexts: [] } })).body
  const statuses = `${REPO}/deployments/${deployment.id}/statuses`
  const progress = await api(sim, statuses, { token, method: 'POST', body: { state: 'in_progress', log_url: 'https://platform.example/logs/1' } })
  t.equal(progress.status, 201)
  conforms(t, 'POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', progress)
  t.match(progress.body, { state: 'in_progress', log_url: 'https://platform.example/logs/1', target_url: 'https://platform.example/logs/1', environment: 'staging', environment_url: '', creator: { login: 'gwm-local[bot]' } })
  const success = await api(sim, statuses, { token, method: 'POST', body: { state: 'success', environment_url: 'https://staging.example', description: 'live' } })
  t.match(success.body, { state: 'success', environment_url: 'https://staging.example', description: 'live', target_url: '' })

  const listed = await api(sim, statuses, { token })
  conforms(t, 'GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', listed)
  t.same(listed.body.map((s: { state: string }) => s.state), ['success', 'in_progress'], 'newest first')
  const single = await api(sim, `${statuses}/${success.body.id}`, { token })
  t.equal(single.body.id, success.body.id)
  t.equal((await api(sim, `${statuses}/1`, { token })).status, 404)

  for (const [body, message] of [
    [{}, /"state" wasn't supplied/],
    [{ state: 'done' }, /properties\/state', "done" is not one of error, failure, inactive, in_progress, queued, pending, success/],
    [{ state: 'success', environment_url: 5 }, /properties\/environment_url/],
    [{ state: 'success', description: 'x'.repeat(141) }, /Validation Failed/],
  ] as const) {
    const res = await api(sim, statuses, { token, method: 'POST', body })
    t.equal(res.status, 422, JSON.stringify(body))
    t.match(res.body.message, message)
    conforms(t, 'POST', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', res)
  }
  t.equal((await api(sim, `${REPO}/deployments/999/statuses`, { token, method: 'POST', body: { state: 'success' } })).status, 404, 'unknown deployment')
  t.equal((await api(sim, `${REPO}/deployments/999/statuses`, { token })).status, 404)
  t.equal(sim.control.deployments('octocat/hello-world')[0]?.statuses.length, 2, 'the refused ones added nothing')
})

t.test('auto_inactive: a success marks the environment\'s earlier successful, non-transient deployments inactive', async (t) => {
  const sim = await startSim(t)
  const token = await installationToken(sim)
  const deploy = async (environment: string, transient = false) =>
    (await api(sim, `${REPO}/deployments`, { token, method: 'POST', body: { ref: 'main', environment, transient_environment: transient, required_contexts: [] } })).body.id as number
  const status = (id: number, state: string, extra: Record<string, unknown> = {}) => api(sim, `${REPO}/deployments/${id}/statuses`, { token, method: 'POST', body: { state, ...extra } })
  const stateOf = (id: number) => sim.control.deployments('octocat/hello-world').find((d) => d.id === id)?.state

  const first = await deploy('production')
  await status(first, 'success')
  const failed = await deploy('production')
  await status(failed, 'failure')
  const other = await deploy('staging')
  await status(other, 'success')
  const second = await deploy('production')
  await status(second, 'success')
  t.equal(stateOf(first), 'inactive', 'the earlier success became inactive')
  t.equal(stateOf(failed), 'failure', 'one that never succeeded stays as it was')
  t.equal(stateOf(other), 'success', 'another environment is untouched')
  t.equal(stateOf(second), 'success')

  const third = await deploy('production')
  await status(third, 'success', { auto_inactive: false })
  t.equal(stateOf(second), 'success', 'auto_inactive: false leaves it')

  const previewA = await deploy('pr-1', true)
  await status(previewA, 'success')
  const previewB = await deploy('pr-1', true)
  await status(previewB, 'success')
  t.equal(stateOf(previewA), 'success', 'transient environments are not inactivated by a later success')
  await status(previewA, 'inactive')
  t.equal(stateOf(previewA), 'inactive', 'they are marked inactive explicitly (a teardown)')
})

t.test('issue comments on a pull request: create, update, list, get; bad input', async (t) => {
  const sim = await startSim(t)
  const token = await installationToken(sim)
  const { number } = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'feature/shout' })
  const comments = `${REPO}/issues/${number}/comments`
  const created = await api(sim, comments, { token, method: 'POST', body: { body: 'Preview: https://pr-1.example' } })
  t.equal(created.status, 201)
  conforms(t, 'POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', created)
  t.match(created.body, { body: 'Preview: https://pr-1.example', user: { login: 'gwm-local[bot]' }, author_association: 'NONE', html_url: new RegExp(`/octocat/hello-world/pull/${number}#issuecomment-${created.body.id}$`), performed_via_github_app: { slug: 'gwm-local' } })
  const byUser = await api(sim, comments, { token: 'octocat-token', method: 'POST', body: { body: 'thanks' } })
  t.match(byUser.body, { user: { login: 'octocat' }, author_association: 'OWNER' })

  const updated = await api(sim, `${REPO}/issues/comments/${created.body.id}`, { token, method: 'PATCH', body: { body: 'Preview: https://pr-1-v2.example' } })
  t.equal(updated.status, 200)
  conforms(t, 'PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', updated)
  t.equal(updated.body.body, 'Preview: https://pr-1-v2.example')
  const listed = await api(sim, comments, { token })
  conforms(t, 'GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', listed)
  t.same(listed.body.map((c: { body: string }) => c.body), ['Preview: https://pr-1-v2.example', 'thanks'], 'oldest first')
  const one = await api(sim, `${REPO}/issues/comments/${byUser.body.id}`, { token })
  conforms(t, 'GET', '/repos/{owner}/{repo}/issues/comments/{comment_id}', one)
  t.match(sim.control.issueComments('octocat/hello-world', number), [{ id: created.body.id, body: 'Preview: https://pr-1-v2.example', user: 'gwm-local[bot]' }, { user: 'octocat' }])

  for (const [body, message] of [[{}, /"body" wasn't supplied/], [{ body: 1 }, /properties\/body/], [{ body: 'x'.repeat(65_537) }, /Validation Failed/]] as const) {
    const res = await api(sim, comments, { token, method: 'POST', body })
    t.equal(res.status, 422, JSON.stringify(body).slice(0, 40))
    t.match(res.body.message, message)
  }
  t.equal((await api(sim, `${REPO}/issues/comments/${created.body.id}`, { token, method: 'PATCH', body: {} })).status, 422)
  t.equal((await api(sim, `${REPO}/issues/999/comments`, { token, method: 'POST', body: { body: 'x' } })).status, 404, 'no such pull request')
  t.equal((await api(sim, `${REPO}/issues/comments/1`, { token, method: 'PATCH', body: { body: 'x' } })).status, 404, 'no such comment')
  t.match(await api(sim, `${REPO}/issues/comments/${created.body.id}`, { token: 'monalisa-token', method: 'PATCH', body: { body: 'mine now' } }), { status: 403, body: { message: 'Must have write access to update this comment.' } }, 'monalisa (read only) cannot edit someone else\'s comment')
  t.equal((await api(sim, `${REPO}/issues/comments/${created.body.id}`, { token: 'hubot-token', method: 'PATCH', body: { body: 'edited by hubot' } })).status, 200, 'hubot (push rights) can, as on GitHub')
  const noWrite = await installationToken(sim, { pull_requests: 'read' })
  t.equal((await api(sim, comments, { token: noWrite, method: 'POST', body: { body: 'x' } })).status, 403)
  t.equal((await api(sim, comments, { method: 'POST', body: { body: 'x' } })).status, 401)
  t.equal(sim.control.issueComments('octocat/hello-world', number).length, 2, 'nothing was added by the refused ones')
})

t.test('failure switches scoped to deployments: those endpoints fail, the rest of GitHub answers; /_sim reads back', async (t) => {
  const sim = await startSim(t)
  const token = await installationToken(sim)
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/_sim${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) })
    return { status: res.status, body: res.status === 204 ? null : await res.json() }
  }
  t.equal((await control('PUT', '/outage', { status: 503, scope: 'deployments' })).status, 204)
  t.equal((await api(sim, `${REPO}/deployments`, { token, method: 'POST', body: { ref: 'main' } })).status, 503)
  t.equal((await api(sim, `${REPO}/issues/1/comments`, { token })).status, 503)
  t.equal((await api(sim, REPO, { token })).status, 200, 'the repository still answers')
  await control('DELETE', '/outage')

  await control('PUT', '/rate-limit', { kind: 'primary', status: 429, resetIn: 30, scope: 'deployments', times: 1 })
  t.equal((await api(sim, `${REPO}/branches`, { token })).status, 200, 'other endpoints do not use it up')
  const limited = await api(sim, `${REPO}/deployments`, { token, method: 'POST', body: { ref: 'main', required_contexts: [] } })
  t.equal(limited.status, 429)
  t.equal(limited.headers.get('x-ratelimit-remaining'), '0')
  t.ok(Number(limited.headers.get('x-ratelimit-reset')) >= Math.floor(Date.now() / 1000) + 25, 'reset says when to come back')
  const created = await api(sim, `${REPO}/deployments`, { token, method: 'POST', body: { ref: 'main', required_contexts: [] } })
  t.equal(created.status, 201, 'the switch turned itself off')

  t.match(await control('PUT', '/outage', { status: 503, scope: 'writes' }), { status: 422, body: { message: 'scope must be "all" or "deployments"' } })
  t.match(await control('GET', '/repos/octocat/hello-world/deployments?environment=production'), { status: 200, body: [{ id: created.body.id, environment: 'production', productionEnvironment: true }] })
  t.match(await control('GET', '/repos/octocat/hello-world/issues/1/comments'), { status: 200, body: [] })
  t.equal((await control('GET', '/repos/nobody/nothing/deployments')).status, 422)
})
