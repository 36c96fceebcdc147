import { Webhook } from '@gwm/domain'
import { type GitHubSim, startGitHubSim } from '@gwm/github-sim'
import { readHookSecrets, SecretBox } from '@gwm/queue'
import t from 'tap'
import { SIM_OAUTH, startGateway, startVariant } from './helpers/gateway.ts'
import { login, type SignedIn } from './helpers/login.ts'
import { startReceiver } from './helpers/receiver.ts'

/**
 * `npm start`, the tour (connects octocat/hello-world), stop, `npm start` again, connect another
 * repository: both runs' simulators counted hook ids from the same start, so the second run
 * handed out the first run's hook id again while Postgres still had it for hello-world. The
 * simulator no longer does that on its own; a fixed start reproduces a GitHub that does.
 */
const SAME_START = { hook: 400_000_000 }

const receiver = await startReceiver(t)
const setup = (who: SignedIn, repo: string) =>
  who.browser.request({ method: 'POST', url: `/api/repos/${repo}/setup-webhook`, headers: { 'x-csrf-token': who.csrfToken } })

async function startSimUntilTeardown(): Promise<GitHubSim> {
  const sim = await startGitHubSim({ ids: SAME_START })
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await sim.close()
  }
  t.teardown(close)
  return { ...sim, close }
}

t.test('a hook id the database holds for another repository is replaced, not a 500', async (t) => {
  // First run: connect octocat/hello-world.
  const firstSim = await startSimUntilTeardown()
  const first = await startGateway(t, { githubUrl: firstSim.url, env: { ...SIM_OAUTH, GITHUB_WRITE_INTERVAL_MS: '0', WEBHOOK_URL: receiver.url } })
  const connected = await setup(await login(first.app, firstSim, 'octocat'), 'octocat/hello-world')
  t.equal(connected.statusCode, 201)
  const hookId: number = connected.json().webhook.hookId
  await firstSim.control.idle()
  // Stop: the simulator's state (its hooks) is gone with it; Postgres and Redis stay.
  await first.app.close()
  await firstSim.close()

  // Second run, same database and Redis prefix: connect a different repository.
  const secondSim = await startSimUntilTeardown()
  const logs: string[] = []
  const second = await startVariant(t, first, { WEBHOOK_URL: receiver.url }, secondSim.url, { logs })
  const res = await setup(await login(second, secondSim, 'octocat'), 'octocat/empty-repo')
  t.equal(res.statusCode, 201, res.body)
  t.match(res.json(), { outcome: 'created', repository: 'octocat/empty-repo', webhook: { hookId, status: 'pending' } })
  await secondSim.control.idle()

  const rows = await first.orm.em.fork().find(Webhook, {}, { populate: ['repository'] })
  t.same(rows.map((row) => [row.githubHookId, row.repository.fullName]), [[hookId, 'octocat/empty-repo']], 'the stale hello-world row is gone')

  const [hook] = secondSim.control.hooks('octocat/empty-repo')
  const box = new SecretBox(second.config.SECRETS_KEY)
  t.same(await readHookSecrets(first.redis.client, box, first.config.QUEUE_PREFIX, hookId), [hook!.secret], 'the ingest verifies with the new hook\'s secret')

  const warnings = logs.map((line) => JSON.parse(line)).filter((line) => line.level === 40 && line.hookId === hookId)
  t.equal(warnings.length, 1, 'one warning about the stale row')
  t.match(warnings[0], { repository: 'octocat/empty-repo', staleRepository: 'octocat/hello-world', msg: /octocat\/hello-world.*stale/ })
  t.notOk(logs.some((line) => line.includes(hook!.secret!)), 'no secret in the logs')
})
