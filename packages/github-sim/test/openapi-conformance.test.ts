import t from 'tap'
import { api, defaultAppJwt, startReceiver, startSim } from './helpers.ts'
import { loadOpenApi } from './openapi.ts'

const openapi = loadOpenApi()

interface Case {
  /** The spec's path template for the operation. */
  op: string
  method: string
  /** The concrete request path under the API base. */
  path: string
  token?: string
  /** An App JWT instead of a token. */
  jwt?: string
  /** Other credentials (an OAuth app's Basic client id and secret). */
  headers?: Record<string, string>
  body?: unknown
  status: number
}

t.test('every REST answer the simulator gives matches GitHub\'s OpenAPI description', async (t) => {
  const sim = await startSim(t)
  const receiver = await startReceiver(t, { status: 500 })
  const created = await api(sim, '/repos/octocat/hello-world/hooks', {
    token: 'octocat-token', method: 'POST',
    body: { config: { url: receiver.url, content_type: 'json', secret: 'conformance-secret' }, events: ['push', 'pull_request'] },
  })
  const hookId = created.body.id as number
  await sim.control.idle()
  const deliveryId = sim.control.deliveries({ hookId })[0]!.id
  const hook = `/repos/octocat/hello-world/hooks/${hookId}`
  const sha = sim.control.hooks('octocat/hello-world').length > 0 ? (await api(sim, '/repos/octocat/hello-world/commits', { token: 'octocat-token' })).body[0].sha : ''

  const cases: Case[] = [
    { op: '/user', method: 'GET', path: '/user', token: 'octocat-token', status: 200 },
    { op: '/user', method: 'GET', path: '/user', token: 'not-a-token', status: 401 },
    { op: '/user', method: 'GET', path: '/user', status: 401 },
    { op: '/user/emails', method: 'GET', path: '/user/emails', token: 'octocat-token', status: 200 },
    { op: '/user/emails', method: 'GET', path: '/user/emails', token: 'octocat-read-only-token', status: 404 },
    { op: '/user/repos', method: 'GET', path: '/user/repos?per_page=2&sort=pushed', token: 'octocat-token', status: 200 },
    { op: '/user/repos', method: 'GET', path: '/user/repos?type=owner&visibility=all', token: 'octocat-token', status: 422 },
    { op: '/rate_limit', method: 'GET', path: '/rate_limit', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octocat/hello-world', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octocat/hello-world', token: 'hubot-token', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octocat/hello-world', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octo-org/platform', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/octocat/private-notes', token: 'hubot-token', status: 404 },
    { op: '/repos/{owner}/{repo}/commits', method: 'GET', path: '/repos/octocat/hello-world/commits?per_page=2', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/commits', method: 'GET', path: '/repos/octocat/empty-repo/commits', token: 'octocat-token', status: 409 },
    { op: '/repos/{owner}/{repo}/commits', method: 'GET', path: '/repos/octocat/hello-world/commits?sha=nope', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/commits/{ref}', method: 'GET', path: `/repos/octocat/hello-world/commits/${sha}`, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/commits/{ref}', method: 'GET', path: '/repos/octocat/hello-world/commits/nope', token: 'octocat-token', status: 422 },
    { op: '/repos/{owner}/{repo}/branches', method: 'GET', path: '/repos/octocat/hello-world/branches', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/branches', method: 'GET', path: '/repos/nobody/nothing/branches', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/branches/{branch}', method: 'GET', path: '/repos/octocat/hello-world/branches/main', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/branches/{branch}', method: 'GET', path: '/repos/octocat/hello-world/branches/no-such-branch', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'GET', path: '/repos/octocat/hello-world/hooks', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'GET', path: '/repos/hubot/scripts/hooks', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'POST', path: '/repos/octocat/hello-world/hooks', token: 'octocat-token', body: { config: { url: 'http://127.0.0.1:1/second' } }, status: 201 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'POST', path: '/repos/octocat/hello-world/hooks', token: 'octocat-token', body: { config: { url: receiver.url } }, status: 422 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'POST', path: '/repos/octocat/hello-world/hooks', token: 'hubot-token', body: { config: { url: 'http://127.0.0.1:1/x' } }, status: 403 },
    { op: '/repos/{owner}/{repo}/hooks', method: 'POST', path: '/repos/hubot/scripts/hooks', token: 'octocat-token', body: { config: { url: 'http://127.0.0.1:1/x' } }, status: 404 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'GET', path: hook, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'GET', path: '/repos/octocat/hello-world/hooks/1', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'PATCH', path: hook, token: 'octocat-token', body: { add_events: ['release'] }, status: 200 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'PATCH', path: hook, token: 'octocat-token', body: { events: ['bogus'] }, status: 422 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/pings', method: 'POST', path: `${hook}/pings`, token: 'octocat-token', status: 204 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/pings', method: 'POST', path: '/repos/octocat/hello-world/hooks/1/pings', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries', method: 'GET', path: `${hook}/deliveries?per_page=1`, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries', method: 'GET', path: `${hook}/deliveries?cursor=garbage`, token: 'octocat-token', status: 400 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}', method: 'GET', path: `${hook}/deliveries/${deliveryId}`, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}/attempts', method: 'POST', path: `${hook}/deliveries/${deliveryId}/attempts`, token: 'octocat-token', status: 202 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'DELETE', path: hook, token: 'octocat-token', status: 204 },
    { op: '/repos/{owner}/{repo}/hooks/{hook_id}', method: 'DELETE', path: hook, token: 'octocat-token', status: 404 },
  ]

  // A GitHub App: installed on octocat (two repositories), octo-org (suspended) and hubot (to uninstall), its webhook to the receiver.
  const jwt = defaultAppJwt(sim)
  sim.control.editApp('gwm-local', { webhookUrl: receiver.url, webhookSecret: 'app-secret' })
  const own = await sim.control.install({ account: 'octocat', repositories: ['hello-world', 'private-notes'] })
  const org = await sim.control.install({ account: 'octo-org' })
  const hubot = await sim.control.install({ account: 'hubot' })
  await sim.control.suspend({ installation: org.id })
  const appDelivery = sim.control.deliveries({ app: 'gwm-local' })[0]!.id
  const installationToken = (await api(sim, `/app/installations/${own.id}/access_tokens`, { jwt, method: 'POST' })).body.token as string
  await sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'files', files: { 'src/index.js': 'export {}\n' } }] })

  cases.push(
    { op: '/app', method: 'GET', path: '/app', jwt, status: 200 },
    { op: '/app/installations', method: 'GET', path: '/app/installations?per_page=2', jwt, status: 200 },
    { op: '/app/installations/{installation_id}', method: 'GET', path: `/app/installations/${own.id}`, jwt, status: 200 },
    { op: '/app/installations/{installation_id}', method: 'GET', path: `/app/installations/${org.id}`, jwt, status: 200 },
    { op: '/app/installations/{installation_id}', method: 'GET', path: '/app/installations/1', jwt, status: 404 },
    { op: '/app/installations/{installation_id}/access_tokens', method: 'POST', path: `/app/installations/${own.id}/access_tokens`, jwt, status: 201 },
    { op: '/app/installations/{installation_id}/access_tokens', method: 'POST', path: `/app/installations/${own.id}/access_tokens`, jwt, body: { repositories: ['hello-world'], permissions: { contents: 'read' } }, status: 201 },
    { op: '/app/installations/{installation_id}/access_tokens', method: 'POST', path: `/app/installations/${own.id}/access_tokens`, jwt, body: { repositories: ['empty-repo'] }, status: 422 },
    { op: '/app/installations/{installation_id}/access_tokens', method: 'POST', path: `/app/installations/${org.id}/access_tokens`, jwt, status: 403 },
    { op: '/app/installations/{installation_id}/access_tokens', method: 'POST', path: '/app/installations/1/access_tokens', jwt, status: 404 },
    { op: '/app/installations/{installation_id}/access_tokens', method: 'POST', path: `/app/installations/${own.id}/access_tokens`, token: 'octocat-token', status: 401 },
    { op: '/app/installations/{installation_id}/suspended', method: 'DELETE', path: `/app/installations/${org.id}/suspended`, jwt, status: 204 },
    { op: '/app/installations/{installation_id}/suspended', method: 'PUT', path: `/app/installations/${org.id}/suspended`, jwt, status: 204 },
    { op: '/app/installations/{installation_id}/suspended', method: 'PUT', path: '/app/installations/1/suspended', jwt, status: 404 },
    { op: '/app/installations/{installation_id}', method: 'DELETE', path: `/app/installations/${hubot.id}`, jwt, status: 204 },
    { op: '/app/installations/{installation_id}', method: 'DELETE', path: `/app/installations/${hubot.id}`, jwt, status: 404 },
    { op: '/repos/{owner}/{repo}/installation', method: 'GET', path: '/repos/octocat/hello-world/installation', jwt, status: 200 },
    { op: '/repos/{owner}/{repo}/installation', method: 'GET', path: '/repos/octocat/empty-repo/installation', jwt, status: 404 },
    { op: '/orgs/{org}/installation', method: 'GET', path: '/orgs/octo-org/installation', jwt, status: 200 },
    { op: '/users/{username}/installation', method: 'GET', path: '/users/octocat/installation', jwt, status: 200 },
    { op: '/app/hook/config', method: 'GET', path: '/app/hook/config', jwt, status: 200 },
    { op: '/app/hook/config', method: 'PATCH', path: '/app/hook/config', jwt, body: { content_type: 'json', secret: 'app-secret' }, status: 200 },
    { op: '/app/hook/deliveries', method: 'GET', path: '/app/hook/deliveries?per_page=2', jwt, status: 200 },
    { op: '/app/hook/deliveries', method: 'GET', path: '/app/hook/deliveries?cursor=garbage', jwt, status: 400 },
    { op: '/app/hook/deliveries', method: 'GET', path: '/app/hook/deliveries?status=maybe', jwt, status: 422 },
    { op: '/app/hook/deliveries/{delivery_id}', method: 'GET', path: `/app/hook/deliveries/${appDelivery}`, jwt, status: 200 },
    { op: '/app/hook/deliveries/{delivery_id}/attempts', method: 'POST', path: `/app/hook/deliveries/${appDelivery}/attempts`, jwt, status: 202 },
    { op: '/installation/repositories', method: 'GET', path: '/installation/repositories?per_page=1', token: installationToken, status: 200 },
    { op: '/installation/repositories', method: 'GET', path: '/installation/repositories', token: 'octocat-token', status: 403 },
    { op: '/installation/repositories', method: 'GET', path: '/installation/repositories', status: 401 },
    { op: '/user/installations', method: 'GET', path: '/user/installations', token: 'octocat-token', status: 200 },
    { op: '/user/installations', method: 'GET', path: '/user/installations', token: installationToken, status: 403 },
    { op: '/user/installations', method: 'GET', path: '/user/installations', status: 401 },
    { op: '/user/installations/{installation_id}/repositories', method: 'GET', path: `/user/installations/${own.id}/repositories`, token: 'octocat-token', status: 200 },
    { op: '/user/installations/{installation_id}/repositories', method: 'GET', path: `/user/installations/${own.id}/repositories`, token: 'hubot-token', status: 404 },
    { op: '/user/installations/{installation_id}/repositories', method: 'GET', path: `/user/installations/${own.id}/repositories`, token: installationToken, status: 403 },
    { op: '/repos/{owner}/{repo}/contents/{path}', method: 'GET', path: '/repos/octocat/hello-world/contents/src/index.js', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/contents/{path}', method: 'GET', path: '/repos/octocat/hello-world/contents/src', token: installationToken, status: 200 },
    { op: '/repos/{owner}/{repo}/contents/{path}', method: 'GET', path: '/repos/octocat/hello-world/contents/', status: 200 },
    { op: '/repos/{owner}/{repo}/contents/{path}', method: 'GET', path: '/repos/octocat/hello-world/contents/nope', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/contents/{path}', method: 'GET', path: '/repos/octo-org/platform/contents/deploy.yaml', token: installationToken, status: 404 },
    { op: '/repos/{owner}/{repo}/tarball/{ref}', method: 'GET', path: '/repos/octocat/hello-world/tarball/main', token: installationToken, status: 302 },
    { op: '/repos/{owner}/{repo}/tarball/{ref}', method: 'GET', path: '/repos/octocat/private-notes/tarball/main', token: 'octocat-token', status: 302 },
  )

  // Checks, labels, forks and comparisons: a CI suite on main (one run done), a labeled pull request from a fork.
  const suite = await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'main', app: 'ci', runs: ['build', 'test'] })
  await sim.control.completeCheckRun({ repo: 'octocat/hello-world', suite: suite.id, name: 'build', conclusion: 'success' })
  await sim.control.startCheckSuite({ repo: 'octocat/hello-world', branch: 'feature/shout', app: 'gwm-local' })
  await sim.control.completeCheckSuite({ repo: 'octocat/hello-world', branch: 'feature/shout', app: 'gwm-local', conclusion: 'neutral' })
  await sim.control.fork({ repo: 'octocat/hello-world', owner: 'monalisa' })
  await sim.control.push({ repo: 'monalisa/hello-world', branch: 'fix', commits: [{ message: 'fix', files: { 'hello.txt': 'fixed\n', 'README.md': null } }] })
  const fromFork = await sim.control.pullRequest({ repo: 'octocat/hello-world', action: 'opened', head: 'monalisa:fix' })
  await sim.control.addLabel({ repo: 'octocat/hello-world', number: fromFork.number, label: 'deploy:preview', description: 'Deploy a preview' })
  cases.push(
    { op: '/repos/{owner}/{repo}/commits/{ref}/check-suites', method: 'GET', path: '/repos/octocat/hello-world/commits/main/check-suites', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/commits/{ref}/check-suites', method: 'GET', path: '/repos/octocat/hello-world/commits/feature%2Fshout/check-suites?per_page=1', token: installationToken, status: 200 },
    { op: '/repos/{owner}/{repo}/commits/{ref}/check-runs', method: 'GET', path: '/repos/octocat/hello-world/commits/main/check-runs?filter=all', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/commits/{ref}/check-runs', method: 'GET', path: '/repos/octocat/hello-world/commits/main/check-runs?status=completed', token: installationToken, status: 200 },
    { op: '/repos/{owner}/{repo}/compare/{basehead}', method: 'GET', path: '/repos/octocat/hello-world/compare/main...feature/shout', token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/compare/{basehead}', method: 'GET', path: '/repos/octocat/hello-world/compare/main...monalisa:fix?per_page=1', token: installationToken, status: 200 },
    { op: '/repos/{owner}/{repo}/compare/{basehead}', method: 'GET', path: '/repos/octocat/hello-world/compare/feature/shout...main', status: 200 },
    { op: '/repos/{owner}/{repo}/compare/{basehead}', method: 'GET', path: '/repos/octocat/hello-world/compare/main...nope', token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/issues/{issue_number}/labels', method: 'GET', path: `/repos/octocat/hello-world/issues/${fromFork.number}/labels`, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/issues/{issue_number}/labels', method: 'GET', path: '/repos/octocat/hello-world/issues/999/labels', token: installationToken, status: 404 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/monalisa/hello-world', token: 'monalisa-token', status: 200 },
    { op: '/repos/{owner}/{repo}', method: 'GET', path: '/repos/monalisa/hello-world', status: 200 },
  )

  // Deployments and comments, written as the App: a deployment of main with a status, a comment on the fork's pull request.
  const repo = '/repos/octocat/hello-world'
  const deployment = `${repo}/deployments/${(await api(sim, `${repo}/deployments`, { token: installationToken, method: 'POST', body: { ref: 'main', environment: 'staging', required_contexts: [] } })).body.id}`
  const statusId = (await api(sim, `${deployment}/statuses`, { token: installationToken, method: 'POST', body: { state: 'in_progress', log_url: 'https://platform.example/logs/1' } })).body.id as number
  const commentId = (await api(sim, `${repo}/issues/${fromFork.number}/comments`, { token: installationToken, method: 'POST', body: { body: 'Preview: https://pr.example' } })).body.id as number
  cases.push(
    { op: '/repos/{owner}/{repo}/deployments', method: 'POST', path: `${repo}/deployments`, token: installationToken, body: { ref: 'feature/shout', environment: 'pr-1', transient_environment: true, required_contexts: [], payload: { requestId: 'r-1' } }, status: 201 },
    { op: '/repos/{owner}/{repo}/deployments', method: 'POST', path: `${repo}/deployments`, token: installationToken, body: { environment: 'staging' }, status: 422 },
    { op: '/repos/{owner}/{repo}/deployments', method: 'POST', path: `${repo}/deployments`, token: installationToken, body: { ref: 'no-such-branch' }, status: 422 },
    { op: '/repos/{owner}/{repo}/deployments', method: 'GET', path: `${repo}/deployments?environment=staging`, token: installationToken, status: 200 },
    { op: '/repos/{owner}/{repo}/deployments', method: 'GET', path: `${repo}/deployments?per_page=1`, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/deployments/{deployment_id}', method: 'GET', path: deployment, token: installationToken, status: 200 },
    { op: '/repos/{owner}/{repo}/deployments/{deployment_id}', method: 'GET', path: `${repo}/deployments/1`, token: installationToken, status: 404 },
    { op: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', method: 'POST', path: `${deployment}/statuses`, token: installationToken, body: { state: 'success', environment_url: 'https://staging.example', description: 'live' }, status: 201 },
    { op: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', method: 'POST', path: `${deployment}/statuses`, token: installationToken, body: { state: 'inactive' }, status: 201 },
    { op: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', method: 'POST', path: `${deployment}/statuses`, token: installationToken, body: { state: 'done' }, status: 422 },
    { op: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', method: 'GET', path: `${deployment}/statuses`, token: installationToken, status: 200 },
    { op: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', method: 'GET', path: `${repo}/deployments/1/statuses`, token: installationToken, status: 404 },
    { op: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}', method: 'GET', path: `${deployment}/statuses/${statusId}`, token: 'octocat-token', status: 200 },
    { op: '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}', method: 'GET', path: `${deployment}/statuses/1`, token: installationToken, status: 404 },
    { op: '/repos/{owner}/{repo}/issues/{issue_number}/comments', method: 'POST', path: `${repo}/issues/${fromFork.number}/comments`, token: 'octocat-token', body: { body: 'Looks good' }, status: 201 },
    { op: '/repos/{owner}/{repo}/issues/{issue_number}/comments', method: 'POST', path: `${repo}/issues/${fromFork.number}/comments`, token: installationToken, body: {}, status: 422 },
    { op: '/repos/{owner}/{repo}/issues/{issue_number}/comments', method: 'POST', path: `${repo}/issues/999/comments`, token: installationToken, body: { body: 'x' }, status: 404 },
    { op: '/repos/{owner}/{repo}/issues/{issue_number}/comments', method: 'GET', path: `${repo}/issues/${fromFork.number}/comments`, token: installationToken, status: 200 },
    { op: '/repos/{owner}/{repo}/issues/{issue_number}/comments', method: 'GET', path: `${repo}/issues/999/comments`, token: 'octocat-token', status: 404 },
    { op: '/repos/{owner}/{repo}/issues/comments/{comment_id}', method: 'PATCH', path: `${repo}/issues/comments/${commentId}`, token: installationToken, body: { body: 'Preview: https://pr-v2.example' }, status: 200 },
    { op: '/repos/{owner}/{repo}/issues/comments/{comment_id}', method: 'PATCH', path: `${repo}/issues/comments/${commentId}`, token: installationToken, body: { body: 1 }, status: 422 },
    { op: '/repos/{owner}/{repo}/issues/comments/{comment_id}', method: 'GET', path: `${repo}/issues/comments/${commentId}`, status: 200 },
    { op: '/repos/{owner}/{repo}/issues/comments/{comment_id}', method: 'GET', path: `${repo}/issues/comments/1`, token: installationToken, status: 404 },
  )

  // An OAuth app revokes a token it issued (Basic auth with its client id and secret).
  const oauthApp = { authorization: `Basic ${Buffer.from('gwm-local-client:gwm-local-client-secret').toString('base64')}` }
  const userToken = sim.control.addToken('octocat', undefined, 'gwm-local-client')
  cases.push(
    { op: '/applications/{client_id}/token', method: 'DELETE', path: '/applications/gwm-local-client/token', headers: oauthApp, body: {}, status: 422 },
    { op: '/applications/{client_id}/token', method: 'DELETE', path: '/applications/gwm-local-client/token', headers: oauthApp, body: { access_token: userToken }, status: 204 },
  )

  for (const c of cases) {
    const res = await api(sim, c.path, { method: c.method, ...(c.token ? { token: c.token } : {}), ...(c.jwt ? { jwt: c.jwt } : {}), ...(c.headers ? { headers: c.headers } : {}), ...(c.body !== undefined ? { body: c.body } : {}) })
    t.equal(res.status, c.status, `${c.method} ${c.path} answers ${c.status}`)
    t.same(openapi.check(c.method, c.op, res.status, res.body), [], `${c.method} ${c.op} ${res.status} matches the spec`)
  }
  await sim.control.idle()

  // Every operation the simulator serves under the API base is covered above.
  const covered = new Set(cases.map((c) => `${c.method} ${c.op}`))
  for (const route of sim.routes.filter((r) => r.url.startsWith('/api/v3/'))) {
    const op = route.url.slice('/api/v3'.length).replace(/:(\w+)/g, '{$1}').replace(/\/contents\/\*$/, '/contents/{path}').replace(/\/tarball\/\*$/, '/tarball/{ref}').replace(/\/compare\/\*$/, '/compare/{basehead}').replace(/\/branches\/\*$/, '/branches/{branch}')
    t.ok(openapi.spec.paths[op]?.[route.method.toLowerCase()], `${route.method} ${op} is a GitHub operation`)
    t.ok(covered.has(`${route.method} ${op}`), `${route.method} ${op} is checked against the spec`)
  }
})

t.test('the checker itself rejects a wrong shape (so a pass means something)', async (t) => {
  t.not(openapi.check('GET', '/repos/{owner}/{repo}/hooks/{hook_id}', 200, { id: 'not-a-number' }).length, 0)
  t.not(openapi.check('GET', '/user/repos', 200, [{ id: 1 }]).length, 0)
  t.throws(() => openapi.check('GET', '/not/a/path', 200, {}), /the spec has no GET \/not\/a\/path/)
  t.throws(() => openapi.check('GET', '/user', 418, {}), /no 418 answer/)
})
