import { createHmac, randomUUID } from 'node:crypto'
import { Webhook } from '@gwm/domain'
import { startGitHubSim } from '@gwm/github-sim'
import { readHookSecrets, SecretBox } from '@gwm/queue'
import t from 'tap'
import { SIM_OAUTH, startGateway } from './helpers/gateway.ts'
import { ingestProcess } from './helpers/ingest-process.ts'
import { login } from './helpers/login.ts'
import { lossyGitHub } from './helpers/lossy-github.ts'

// A rotation is recorded (the pending secret, in Postgres and for the ingest) before GitHub is
// asked. Here GitHub applies the new secret but its answer is lost (502): the rotation is left
// pending, and the real ingest must accept deliveries signed with either secret until a later
// rotate call finishes it. Before, the gateway put the old secret back and GitHub signed with a
// secret nobody accepted: silent 401s.
const sim = await startGitHubSim()
t.teardown(() => sim.close())
const github = await lossyGitHub(t, sim.url)
const ingest = await ingestProcess(t)
const { app, config, orm, redis } = await startGateway(t, {
  githubUrl: sim.url,
  env: { ...SIM_OAUTH, GITHUB_WRITE_INTERVAL_MS: '0', GITHUB_API_URL: github.apiUrl, WEBHOOK_URL: ingest.webhookUrl, SECRET_ROTATION_GRACE_S: '3600' },
})
await ingest.start({ REDIS_URL: redis.url, QUEUE_PREFIX: config.QUEUE_PREFIX, SECRETS_KEY: config.SECRETS_KEY.map((key) => key.toString('hex')).join(',') })
const octocat = await login(app, sim, 'octocat')
const box = new SecretBox(config.SECRETS_KEY)
const REPO = 'octocat/hello-world'
const post = (url: string) => octocat.browser.request({ method: 'POST', url, headers: { 'x-csrf-token': octocat.csrfToken } })
const row = (hookId: number) => orm.em.fork().findOneOrFail(Webhook, { githubHookId: hookId })

/** What the simulator's GitHub answered for the newest push: the ingest's status code. */
async function pushAnswered(message: string) {
  const before = sim.control.deliveries({ repo: REPO, event: 'push' }).length
  await sim.control.push({ repo: REPO, commits: [{ message }] })
  await sim.control.idle()
  return sim.control.deliveries({ repo: REPO, event: 'push' }).slice(before).map((delivery) => delivery.statusCode)
}

/** A delivery GitHub signed earlier (the set-up ping), sent again signed with `secret`. */
async function pingSignedWith(hookId: number, secret: string) {
  const ping = sim.control.deliveries({ repo: REPO, event: 'ping' })[0]!
  const body = JSON.stringify(ping.request.payload)
  const res = await fetch(ingest.webhookUrl, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': randomUUID(),
      'x-github-hook-id': String(hookId),
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  })
  await res.body?.cancel()
  return res.status
}

t.test('GitHub applies the new secret but its answer is lost: both secrets verify at the ingest, and the next rotate completes', async (t) => {
  const setup = await post(`/api/repos/${REPO}/setup-webhook`)
  t.equal(setup.statusCode, 201)
  const hookId: number = setup.json().webhook.hookId
  await sim.control.idle()
  const old = sim.control.hooks(REPO)[0]!.secret!
  t.same(await pushAnswered('before'), [202], 'set up: the ingest accepts GitHub\'s deliveries')

  github.loseHookWrites = true
  const failed = await post(`/api/repos/${REPO}/webhook/rotate-secret`)
  github.loseHookWrites = false
  t.equal(failed.statusCode, 502, 'GitHub\'s answer was lost')
  t.match(failed.json().message, /rotate-secret again/, 'the answer says how to finish it')
  t.ok(github.lost > 0)
  const applied = sim.control.hooks(REPO)[0]!.secret!
  t.not(applied, old, 'GitHub did change the secret')

  t.same(await pushAnswered('while pending'), [202], 'a delivery GitHub signs with the new secret is accepted')
  t.equal(await pingSignedWith(hookId, old), 202, 'one signed with the old secret too')
  t.equal(await pingSignedWith(hookId, 'not-a-secret-of-this-hook'), 401)
  const pending = await row(hookId)
  t.equal(box.open(pending.secretEncrypted, hookId), old, 'the rotation is not complete: current is still the old secret')
  t.equal(box.open(pending.pendingSecretEncrypted!, hookId), applied, 'the new one is recorded as pending')
  t.same((await readHookSecrets(redis.client, box, config.QUEUE_PREFIX, hookId)).sort(), [old, applied].sort(), 'the ingest is told both')

  const done = await post(`/api/repos/${REPO}/webhook/rotate-secret`)
  t.equal(done.statusCode, 200, 'the second rotate completes')
  const finished = await row(hookId)
  t.equal(box.open(finished.secretEncrypted, hookId), applied, 'the pending secret became current')
  t.equal(finished.pendingSecretEncrypted, null)
  t.equal(box.open(finished.previousSecretEncrypted!, hookId), old, 'the old one is accepted during the grace')
  t.equal(sim.control.hooks(REPO)[0]!.secret, applied, 'GitHub holds it')
  t.same(await pushAnswered('after'), [202])
  t.equal(await pingSignedWith(hookId, old), 202, 'the old secret still verifies during SECRET_ROTATION_GRACE_S')
})

t.test('GitHub refuses the change (a 4xx): it was not applied, nothing stays pending', async (t) => {
  const [hook] = sim.control.hooks(REPO)
  github.refuseHookWrites = true
  const refused = await post(`/api/repos/${REPO}/webhook/rotate-secret`)
  github.refuseHookWrites = false
  t.equal(refused.statusCode, 422)
  t.equal((await row(hook!.id)).pendingSecretEncrypted, null)
  t.equal(sim.control.hooks(REPO)[0]!.secret, hook!.secret)
  t.same(await pushAnswered('after a refused rotation'), [202])
})
