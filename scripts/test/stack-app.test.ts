import t from 'tap'
import { runAppTour } from '../demo/app-tour.ts'
import { answers } from '../stack/backing-services.ts'
import { startStack } from './stack-process.ts'

// The GitHub App mode tour against the very processes `npm start -- --github-app` launches. A
// file of its own, so that tap runs it beside stack.test.ts (the OAuth App mode tour): each
// stack has its own ports, database and queue prefix.
t.test('npm start -- --github-app runs the stack as the simulator\'s App, the App tour works end to end', async (t) => {
  const stack = await startStack(t, ['--github-app'])
  if (!stack) return
  t.match(stack.logs(), /mode {8}GitHub App mode, as the simulator's App gwm-local/, 'the stack says it runs in App mode')
  t.match(stack.logs(), `http://localhost:${stack.ports.github}/apps/gwm-local/installations/new`, 'its next steps name the install page')

  const app = (await (await fetch(`${stack.urls.github}/_sim/apps/gwm-local`)).json()) as { webhookUrl: string; webhookSecret: string; privateKey: string; clientSecret: string }
  t.equal(app.webhookUrl, `http://127.0.0.1:${stack.ports.ingest}/api/webhook`, "the App's webhook points at the ingest")
  t.ok(app.webhookSecret, 'with a secret')

  const steps: string[] = []
  const result = await runAppTour(stack.urls, { platformToken: stack.platformToken }, (step) => steps.push(step))
  t.equal(result.login, 'octocat', 'signed in through the App')
  t.ok(result.installedNow, 'installed through the install page')
  t.ok(result.installationId > 0, 'setup-webhook names the installation')
  t.same(result.userRepos.find((repo) => repo.fullName === 'octocat/hello-world'), { fullName: 'octocat/hello-world', connected: true, installationId: result.installationId }, 'GET /user/repos lists the repository as connected through the installation')
  t.notOk(result.userRepos.some((repo) => repo.fullName === 'octocat/private-notes'), 'and not a private repository the installation does not cover')
  t.equal(result.callback.type, 'deployment.requested')
  t.equal(result.callback.data.sha, result.pushedSha, 'the callback names the pushed commit')
  t.equal(result.callback.data.installationId, result.installationId, 'the callback names the installation')
  t.equal((result.callback.data.repository as { cloneUrl: string }).cloneUrl, `http://127.0.0.1:${stack.ports.github}/octocat/hello-world.git`, 'the callback has the clone URL')
  t.ok(result.deliveryId, 'the push is listed by /api/events')

  t.match(result.accessToken, { repository: { fullName: 'octocat/hello-world' }, permissions: { contents: 'read' } }, 'a token for that repository, contents: read')
  t.match(result.accessToken.token, /^ghs_/, 'an installation token')
  const lifetime = Date.parse(result.accessToken.expiresAt) - Date.now()
  t.ok(lifetime > 55 * 60_000 && lifetime <= 60 * 60_000, 'valid for about an hour')
  t.equal(result.tarball.status, 302, 'the tarball is a redirect to its download')
  t.equal(result.tarball.pushedFileContent, result.pushedFile.content, 'the tarball of the pushed commit has the pushed file')
  t.same(result.otherRepoWithToken, { repository: 404, tarball: 404 }, 'the token reaches no other private repository')
  t.equal(result.otherRepoAccessToken, 404, 'and the gateway gives none for a repository no installation covers')
  t.match(result.reported.deployment, { sha: result.pushedSha, environment: 'production', productionEnvironment: true, transientEnvironment: false }, 'GitHub shows a production Deployment of the pushed commit')
  t.match(result.reported.deployment.statuses, [{ state: 'in_progress' }, { state: 'success', environmentUrl: /^https:\/\/.+\.hello\.example\.com\/$/ }], "with the platform's statuses, the URL on success")
  t.match(result.reported.environment, { name: 'production', state: 'success', url: result.reported.deployment.statuses[1]?.environmentUrl, lastDeployedSha: result.pushedSha }, 'the environments API shows the commit deployed there')

  const logs = stack.logs()
  t.notMatch(logs, /PRIVATE KEY/, 'no private key in any log line')
  for (const [what, secret] of Object.entries({ 'the installation token': result.accessToken.token, 'the webhook secret': app.webhookSecret, "the App's client secret": app.clientSecret, 'PLATFORM_API_TOKEN': stack.platformToken })) {
    t.notOk(logs.includes(secret), `no ${what} in any log line`)
  }
  t.notMatch(logs, /gh[usp]_[A-Za-z0-9]{20,}/, 'no GitHub token of any kind in any log line')

  t.ok((await stack.interrupt()) < 10_000, 'stopped within 10 s')
  for (const [name, port] of Object.entries(stack.ports)) t.notOk(await answers(port), `${name} is no longer listening`)
})
