import { generateKeyPairSync } from 'node:crypto'
import { Installation, repositoryFields, storeDeliveries } from '@gwm/domain'
import type { GitHubSim } from '@gwm/github-sim'
import { closedPort } from '@gwm/testkit'
import t from 'tap'
import { startVariant, startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'

// GitHub App mode in the gateway, against the simulator's App: sign-in with the App's client,
// connecting is "is the App installed here", the repository-hook routes do not apply, and the
// platform gets short-lived, single-repository installation tokens.
async function appGateway(t: Parameters<typeof startWithGitHub>[0]) {
  // The simulator's App, its webhook pointed at a closed port: deliveries are recorded (failed) for the tests to read.
  const gateway = await startWithGitHub(t)
  const credentials = gateway.sim.control.editApp('gwm-local', { webhookUrl: `http://127.0.0.1:${await closedPort()}/api/webhook` })
  const app = await startVariant(t, gateway, {
    CLIENT_ID: credentials.clientId,
    CLIENT_SECRET: credentials.clientSecret,
    GITHUB_APP_ID: String(credentials.id),
    GITHUB_APP_PRIVATE_KEY: credentials.privateKey,
    GITHUB_APP_SLUG: credentials.slug,
    GITHUB_WRITE_INTERVAL_MS: '0',
    PLATFORM_API_TOKEN: gateway.config.PLATFORM_API_TOKEN!.join(','),
  }, gateway.sim.url, { logs: gateway.logs })
  return { ...gateway, app, credentials }
}

/** What the worker does with the App's deliveries: stores them (installations, coverage) through the one store. */
async function store(gateway: { orm: import('@gwm/domain').MikroORM }, deliveries: Array<{ guid: string; hookId: number; event: string; action: string | null; request: { payload: Record<string, unknown> } }>) {
  await storeDeliveries(gateway.orm.em.fork(), deliveries.map((d) => ({
    eventId: crypto.randomUUID(),
    deliveryId: d.guid,
    hookId: d.hookId,
    event: d.event,
    action: d.action,
    sender: null,
    receivedAt: new Date(),
    payload: d.request.payload,
    payloadBytes: Buffer.from(JSON.stringify(d.request.payload)),
    repository: repositoryFields(d.request.payload.repository),
    installationId: (d.request.payload.installation as { id: number } | undefined)?.id ?? null,
  })))
}

async function install(sim: GitHubSim, gateway: Parameters<typeof store>[0], repositories: string[] = ['hello-world']) {
  const result = await sim.control.install({ account: 'octocat', repositories })
  await store(gateway, result.deliveries)
  return result.id
}

t.test('connecting in App mode: 409 with the install page until the App is installed, then 200 with the installation', async (t) => {
  const gateway = await appGateway(t)
  const user = await login(gateway.app, gateway.sim, 'octocat')
  const connect = () => user.browser.request({ url: '/api/repos/octocat/hello-world/setup-webhook', method: 'POST', headers: { 'x-csrf-token': user.csrfToken } })
  const before = await connect()
  t.equal(before.statusCode, 409)
  t.match(before.json(), { error: 'app_not_installed', message: /not installed on octocat\/hello-world/, installUrl: `${gateway.sim.url}/apps/gwm-local/installations/new?repository_ids%5B%5D=1296269` })

  const installationId = await install(gateway.sim, gateway)
  const after = await connect()
  t.equal(after.statusCode, 200)
  t.same(after.json(), { mode: 'app', installationId, repository: 'octocat/hello-world' })
  t.equal(gateway.sim.control.hooks('octocat/hello-world').length, 0, 'no repository hook was created')

  const repos = await user.browser.request('/user/repos')
  t.equal(repos.statusCode, 200)
  const listed = repos.json().repos as Array<{ fullName: string; connected: boolean; installationId: number | null }>
  t.match(listed.find((r) => r.fullName === 'octocat/hello-world'), { connected: true, installationId })

  for (const [method, path] of [['GET', 'webhook'], ['POST', 'webhook/ping'], ['POST', 'webhook/rotate-secret'], ['DELETE', 'webhook']] as const) {
    const res = await user.browser.request({ url: `/api/repos/octocat/hello-world/${path}`, method, headers: { 'x-csrf-token': user.csrfToken } })
    t.equal(res.statusCode, 409, `${method} ${path}`)
    t.match(res.json(), { error: 'github_app_mode', message: /no repository hook to manage/ }, `${method} ${path}`)
  }
})

t.test('the platform gets a token for one repository that reads its code and nothing else', async (t) => {
  const gateway = await appGateway(t)
  await install(gateway.sim, gateway, ['hello-world', 'private-notes'])
  const platform = { authorization: `Bearer ${gateway.config.PLATFORM_API_TOKEN}` }
  const res = await gateway.app.inject({ method: 'POST', url: '/api/repos/octocat/hello-world/access-token', headers: platform })
  t.equal(res.statusCode, 200, res.body)
  t.equal(res.headers['cache-control'], 'no-store')
  const body = res.json() as { token: string; expiresAt: string; permissions: Record<string, string>; repository: { fullName: string } }
  t.match(body, { token: /^ghs_/, permissions: { contents: 'read' }, repository: { fullName: 'octocat/hello-world' } })
  t.ok(Date.parse(body.expiresAt) > Date.now() + 50 * 60_000, 'valid about an hour')

  const github = (path: string) => fetch(`${gateway.sim.apiUrl}${path}`, { headers: { authorization: `Bearer ${body.token}` } })
  const tarball = await github('/repos/octocat/hello-world/tarball/main')
  t.equal(tarball.status, 200, 'the tarball downloads (after the redirect)')
  t.ok((await tarball.arrayBuffer()).byteLength > 0)
  t.equal((await github('/repos/octocat/private-notes/contents/README.md')).status, 404, 'another repository of the same installation is out of reach')
  t.notOk(gateway.logs.some((line) => line.includes(body.token)), 'the token is in no log line')
})

t.test('bad input: the access-token endpoint refuses clearly, and hands out nothing', async (t) => {
  const gateway = await appGateway(t)
  const installationId = await install(gateway.sim, gateway)
  const platform = { authorization: `Bearer ${gateway.config.PLATFORM_API_TOKEN}` }
  const ask = (app: typeof gateway.app, repo: string, headers: Record<string, string> = platform) => app.inject({ method: 'POST', url: `/api/repos/${repo}/access-token`, headers })

  t.match((await ask(gateway.app, 'octocat/hello-world', {})).json(), { error: 'unauthorized' }, 'no bearer token: 401')
  const user = await login(gateway.app, gateway.sim, 'octocat')
  t.equal((await user.browser.request({ url: '/api/repos/octocat/hello-world/access-token', method: 'POST', headers: { 'x-csrf-token': user.csrfToken } })).statusCode, 401, 'a signed-in user is not the platform')
  const uncovered = await ask(gateway.app, 'octocat/empty-repo')
  t.equal(uncovered.statusCode, 404)
  t.match(uncovered.json(), { message: /no installation of the GitHub App covers octocat\/empty-repo/ })
  t.match((await ask(gateway.app, 'octocat/a%20b')).json(), { error: 'validation_failed', message: /params\/repo/ }, 'a malformed repository name: 400 naming it')

  const limited = gateway.sim.control
  limited.setRateLimit({ kind: 'secondary', retryAfter: 120, times: 5 })
  const rateLimited = await ask(gateway.app, 'octocat/hello-world')
  limited.setRateLimit(null)
  t.equal(rateLimited.statusCode, 503)
  t.equal(rateLimited.headers['retry-after'], '120')
  t.match(rateLimited.json(), { error: 'github_rate_limited' })

  limited.setOutage({ status: 503 })
  const down = await ask(gateway.app, 'octocat/hello-world')
  limited.setOutage(null)
  t.equal(down.statusCode, 503)
  t.ok(down.headers['retry-after'])

  // A gateway holding another key: GitHub refuses the App's JWT.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
  const wrongKey = await startVariant(t, gateway, { CLIENT_ID: 'x', CLIENT_SECRET: 'y', GITHUB_APP_ID: String(gateway.credentials.id), GITHUB_APP_PRIVATE_KEY: privateKey, GITHUB_APP_SLUG: 'gwm-local', PLATFORM_API_TOKEN: gateway.config.PLATFORM_API_TOKEN!.join(',') }, gateway.sim.url)
  const refused = await ask(wrongKey, 'octocat/hello-world')
  t.equal(refused.statusCode, 502)
  t.match(refused.json(), { error: 'github_app_credentials', message: /check GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and this server's clock/ })

  // Uninstalled on GitHub between the callback and the token request (its event not stored yet).
  await gateway.sim.control.uninstall({ installation: installationId })
  const gone = await ask(gateway.app, 'octocat/hello-world')
  t.equal(gone.statusCode, 404)
  t.match(gone.json(), { message: /no longer covers octocat\/hello-world/ })
  t.ok(await gateway.orm.em.fork().findOne(Installation, { id: installationId }), 'nothing here changed: the worker stores the uninstall when its event arrives')

  const oauth = await startVariant(t, gateway, { PLATFORM_API_TOKEN: gateway.config.PLATFORM_API_TOKEN!.join(',') }, gateway.sim.url)
  const oauthMode = await ask(oauth, 'octocat/hello-world')
  t.equal(oauthMode.statusCode, 409)
  t.match(oauthMode.json(), { error: 'oauth_app_mode', message: /need GitHub App mode/ })
})

t.test('redeliver-failed in App mode asks with the App\'s credentials, for the platform too', async (t) => {
  const gateway = await appGateway(t)
  await install(gateway.sim, gateway)
  // A push reaches the App webhook, which is down: its delivery failed.
  await gateway.sim.control.push({ repo: 'octocat/hello-world', commits: [{ message: 'while the ingest was down' }] })
  const res = await gateway.app.inject({ method: 'POST', url: '/api/repos/octocat/hello-world/webhook/redeliver-failed', headers: { authorization: `Bearer ${gateway.config.PLATFORM_API_TOKEN}` } })
  t.equal(res.statusCode, 200, res.body)
  const { redelivered } = res.json() as { redelivered: Array<{ event: string }> }
  t.same(redelivered.map((d) => d.event), ['push'], 'the push about this repository, not the installation event')
  await gateway.sim.control.idle()
  t.ok(gateway.sim.control.deliveries({ app: 'gwm-local' }).some((d) => d.event === 'push' && d.redelivery), 'GitHub redelivered it')
})

t.test('bad input: a repository name with _ or % is matched as written, never as a pattern', async (t) => {
  const gateway = await appGateway(t)
  await install(gateway.sim, gateway)
  const platform = { authorization: `Bearer ${gateway.config.PLATFORM_API_TOKEN}` }
  for (const name of ['hello_world', 'hello%world', 'hello-worl_']) {
    const res = await gateway.app.inject({ method: 'POST', url: `/api/repos/octocat/${encodeURIComponent(name)}/access-token`, headers: platform })
    t.not(res.statusCode, 200, `octocat/${name} gets no token for octocat/hello-world`)
  }
})
