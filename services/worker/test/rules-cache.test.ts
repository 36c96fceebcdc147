import { DeploymentRequest, DeployRules, Repository, WebhookEvent } from '@gwm/domain'
import { startGitHubSim } from '@gwm/github-sim'
import { closedPort } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// The worker keeps each repository's deploy rules in memory while it listens for changes to
// them: a change takes effect for the very next push, also one stored while the listener was
// down (then every batch reads the rules from Postgres).
t.test('a change to the deploy rules applies to the next push, also while the rules listener is down', async (t) => {
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
  await setRules({ production: { branches: ['main'] } })
  t.equal((await pushToMain('third: back to main')).requests, 1)

  // The listener's connection is cut: a change made before it is back must not be missed.
  const sql = (text: string) => b.orm.em.fork().execute(text) as Promise<unknown[]>
  const LISTENER = `from pg_stat_activity where application_name = 'gwm-rules-listener' and datname = current_database()`
  const cut = await sql(`select pg_terminate_backend(pid) ${LISTENER}`)
  t.equal(cut.length, 1, 'the worker listens on one connection')
  await setRules({ production: { branches: ['release'] } })
  t.equal((await pushToMain('fourth: listener down')).requests, 0, 'rules are read from Postgres while the listener is down')
  await until(async () => (await sql(`select 1 ${LISTENER}`)).length === 1 || undefined, 10_000, 'listener back')
  await setRules({ production: { branches: ['main'] } })
  t.equal((await pushToMain('fifth: listener back')).requests, 1, 'and changes reach it again once it is back')
})
