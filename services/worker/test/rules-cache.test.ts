import { DeploymentRequest, DeployRules, Repository, WebhookEvent } from '@gwm/domain'
import { startGitHubSim } from '@gwm/github-sim'
import { closedPort } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// The worker keeps each repository's parsed deploy rules with their version, and every batch asks
// Postgres which version is in force: a change committed before a push is stored applies to it,
// however soon after the change the push comes.
t.test('a change to the deploy rules applies to the very next push, every time', async (t) => {
  const sim = await startGitHubSim()
  t.teardown(() => sim.close())
  const hook = await fetch(`${sim.apiUrl}/repos/octocat/hello-world/hooks`, {
    method: 'POST',
    headers: { authorization: 'token octocat-token', 'content-type': 'application/json' },
    body: JSON.stringify({ config: { url: `http://127.0.0.1:${await closedPort()}/api/webhook`, content_type: 'json', secret: 's3cret-for-tests' }, events: ['push'] }),
  })
  t.equal(hook.status, 201)
  const b = await backing(t)
  await startWorker(t, b)

  /** Pushes to main, hands the delivery to the worker as the ingest would, and returns what its event decided and requested. */
  const pushToMain = async (message: string) => {
    const pushed = await sim.control.push({ repo: 'octocat/hello-world', branch: 'main', commits: [{ message }] })
    const [delivery] = pushed.deliveries
    const deliveryId = await b.appendEvent(delivery!.event, delivery!.request.payload, { hookId: delivery!.hookId })
    const event = await until(() => b.orm.em.fork().findOne(WebhookEvent, { deliveryId }), 10_000, 'stored')
    return { decision: event.decision, requests: await b.orm.em.fork().count(DeploymentRequest, { event: event.id }) }
  }
  let version = 0
  const setRules = async (rules: object) => {
    const repository = await b.orm.em.fork().findOneOrFail(Repository, { githubId: 1296269 })
    await b.orm.em.fork().insert(DeployRules, { id: crypto.randomUUID(), repository: repository.id, version: ++version, rules, changedBy: 'platform', createdAt: new Date() })
  }

  t.equal((await pushToMain('first: default rules')).requests, 1, 'the default rules deploy main')
  await setRules({ production: { branches: ['release'] } })
  const moved = await pushToMain('second: production moved to release')
  t.equal(moved.requests, 0, 'the new rules apply to the very next push')
  t.match(moved.decision, /skipped/, 'and the decision says why nothing was asked')
  // Back and forth with no pause between a change and the push after it.
  const requested = []
  for (let n = 0; n < 6; n++) {
    await setRules({ production: { branches: n % 2 === 0 ? ['main'] : ['release'] } })
    requested.push((await pushToMain(`change ${n}`)).requests)
  }
  t.same(requested, [1, 0, 1, 0, 1, 0], 'each push followed the rules changed just before it')

  // Rules removed by another writer: the defaults apply again.
  await b.orm.em.fork().nativeDelete(DeployRules, {})
  t.equal((await pushToMain('rules removed')).requests, 1, 'the defaults deploy main again')
  const listening = await b.orm.em.fork().execute(`select 1 from pg_stat_activity where datname = current_database() and query ilike 'listen%'`)
  t.equal(listening.length, 0, 'no connection is kept listening for changes')
})
