import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { runTour } from '../demo/tour.ts'
import { answers } from '../stack/backing-services.ts'
import { startStack } from './stack-process.ts'

// The scripted tour against the very processes `npm start` launches: GitHub simulator,
// platform receiver, migrations, gateway, ingest and worker, each its own process.
// (The GitHub App mode tour, against `npm start -- --github-app`: stack-app.test.ts.)
t.test('npm start brings the stack up, the tour works end to end, Ctrl-C stops it all', async (t) => {
  const stack = await startStack(t)
  if (!stack) return
  t.ok(stack, 'the stack printed its URLs')
  t.notMatch(stack.logs(), /mode {8}GitHub App mode/, 'OAuth App mode, the default')

  const printed = stack.logs().match(/is up\.\n {2}open (\S+)/)?.[1]
  t.equal(printed, `${stack.urls.gateway}/`, "the console's URL is printed first")
  const page = await fetch(printed ?? stack.urls.gateway)
  t.equal(page.status, 200, 'it answers')
  t.match(page.headers.get('content-type'), /^text\/html/)
  t.equal(await page.text(), readFileSync(join(import.meta.dirname, '../../packages/console/dist/index.html'), 'utf8'), 'with the console npm start built')

  const steps: string[] = []
  const result = await runTour(stack.urls, (step) => steps.push(step))
  t.equal(result.login, 'octocat', 'signed in through the simulator')
  t.ok(result.hookId > 0, 'the repository is connected')
  t.equal(result.callback.type, 'deployment.requested')
  t.match(JSON.stringify(result.callback.data), result.pushedSha, 'the callback names the pushed commit')
  t.ok(result.deliveryId, 'the push is listed by /api/events')
  const repository = result.callback.data.repository as Record<string, unknown>
  t.equal(result.callback.data.installationId, null, 'no installation in OAuth App mode')
  t.match(repository.cloneUrl, /\/octocat\/hello-world\.git$/, 'the clone URL is there in OAuth App mode too')

  const token = await fetch(`${stack.urls.gateway}/api/repos/octocat/hello-world/access-token`, { method: 'POST', headers: { authorization: `Bearer ${stack.platformToken}` } })
  t.equal(token.status, 409, 'no access tokens for the platform in OAuth App mode')
  await token.arrayBuffer()

  const logs = stack.logs()
  t.notMatch(logs, /octocat-token|gwm-local-client-secret/, 'no token or client secret in any log line')
  t.notMatch(logs, stack.platformToken, 'no PLATFORM_API_TOKEN in any log line')

  t.ok((await stack.interrupt()) < 10_000, 'stopped within 10 s')
  for (const [name, port] of Object.entries(stack.ports)) t.notOk(await answers(port), `${name} is no longer listening`)
})
