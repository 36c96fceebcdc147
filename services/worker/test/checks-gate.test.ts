import { randomUUID } from 'node:crypto'
import { DeploymentRequest, DeployRules, Repository, WebhookEvent } from '@gwm/domain'
import { example, examples, openRequestsDrift } from '@gwm/testkit'
import t from 'tap'
import { backing, startWorker, until } from './helpers/start-worker.ts'

// The CI gate: with checks.gate on, a deploy waits (waiting_checks) until its commit's checks
// pass; a failing check blocks it for good; checks that never finish block it at the deadline.
const sha = (n: number) => String(n).padStart(40, 'a')
const push = (n: number) => ({ ...examples('push').find((p) => p.ref === 'refs/heads/master' && p.deleted === false)!, after: sha(n) })
const suite = (n: number, status: string, conclusion: string | null, id = 1000 + n) => {
  const payload = example('check_suite')
  return { ...payload, action: status === 'completed' ? 'completed' : 'requested', check_suite: { ...(payload.check_suite as object), id, head_sha: sha(n), status, conclusion, app: { slug: 'ci', name: 'CI' } } }
}

async function gated(t: Parameters<typeof backing>[0]) {
  const b = await backing(t)
  const em = b.orm.em.fork()
  const repository = em.create(Repository, { githubId: 186853002, fullName: 'Codertocat/Hello-World', defaultBranch: 'master', private: false })
  await em.flush()
  await em.insert(DeployRules, { id: randomUUID(), repository: repository.id, version: 1, rules: { checks: { gate: 'all', timeoutMinutes: 30 } }, changedBy: 'platform', createdAt: new Date() })
  const worker = await startWorker(t, b)
  return { ...b, worker }
}

const blockedCount = async (b: Awaited<ReturnType<typeof gated>>, reason: string) => {
  const line = (await b.worker.http.inject('/metrics')).body.split('\n').find((l) => l.startsWith('gwm_worker_requests_blocked_total{') && l.includes(`reason="${reason}"`))
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1))
}

const requestOf = (b: Awaited<ReturnType<typeof gated>>, deliveryId: string, status?: string) =>
  until(() => b.orm.em.fork().findOne(DeploymentRequest, { event: { deliveryId }, ...(status ? { status: status as 'pending' } : {}) }), 10_000, `request ${status ?? ''}`)

t.test('a deploy waits for its commit\'s check suites and goes when every one passed', async (t) => {
  const b = await gated(t)
  const deliveryId = await b.appendEvent('push', push(1))
  const waiting = await requestOf(b, deliveryId, 'waiting_checks')
  t.ok(waiting.checksDeadline && waiting.checksDeadline.getTime() > Date.now() + 25 * 60_000, 'held until its deadline')
  // GitHub requests a commit's suites as it is pushed, and completes them minutes later.
  await b.appendEvent('check_suite', suite(1, 'queued', null))
  await b.appendEvent('check_suite', suite(1, 'queued', null, 2001))
  await until(() => b.orm.em.fork().count(WebhookEvent, { event: 'check_suite' }).then((n) => n === 2), 10_000, 'suites requested')
  await b.appendEvent('check_suite', suite(1, 'completed', 'success'))
  await until(() => b.orm.em.fork().count(WebhookEvent, { event: 'check_suite' }).then((n) => n === 3), 10_000, 'suites stored')
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.equal(b.receiver.requests.length, 0, 'one suite of two passed: still waiting')
  await b.appendEvent('check_suite', suite(1, 'completed', 'neutral', 2001))
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  t.equal(b.receiver.delivered()[0]?.webhookId, waiting.id, 'sent once every suite passed')
  t.same(await openRequestsDrift(b.orm.em.fork()), [], 'open_requests holds the open requests as they are')
})

t.test('a failing check blocks the deploy for good, and the event says why', async (t) => {
  const b = await gated(t)
  const deliveryId = await b.appendEvent('push', push(2))
  await requestOf(b, deliveryId, 'waiting_checks')
  await b.appendEvent('check_suite', suite(2, 'completed', 'failure'))
  const blocked = await requestOf(b, deliveryId, 'blocked')
  t.match(blocked.lastError, /blocked: checks failed \(ci: failure\)/)
  t.match((await b.orm.em.fork().findOneOrFail(WebhookEvent, { deliveryId })).decision, /blocked: checks failed/)
  t.equal(await blockedCount(b, 'checks_failed'), 1, 'counted as blocked by failed checks')
  await b.appendEvent('check_suite', suite(2, 'completed', 'success', 3002))
  await new Promise((resolve) => setTimeout(resolve, 500))
  t.equal(b.receiver.requests.length, 0, 'a later passing suite does not unblock it')
  t.same(await openRequestsDrift(b.orm.em.fork()), [], 'open_requests holds the open requests as they are')
})

t.test('bad input: checks for a commit nothing waits on are stored and change nothing', async (t) => {
  const b = await gated(t)
  const deliveryId = await b.appendEvent('check_suite', suite(9, 'completed', 'success'))
  await until(() => b.orm.em.fork().findOne(WebhookEvent, { deliveryId }), 10_000, 'stored')
  t.equal(await b.orm.em.fork().count(DeploymentRequest, {}), 0)
  t.equal(b.receiver.requests.length, 0)
})

t.test('checks that never finish block the deploy at its deadline', async (t) => {
  const b = await gated(t)
  const deliveryId = await b.appendEvent('push', push(3))
  const waiting = await requestOf(b, deliveryId, 'waiting_checks')
  await b.orm.em.fork().nativeUpdate(DeploymentRequest, { id: waiting.id }, { checksDeadline: new Date(Date.now() - 1_000) })
  const blocked = await requestOf(b, deliveryId, 'blocked')
  t.match(blocked.lastError, /did not complete in time/)
  t.equal(await blockedCount(b, 'checks_timed_out'), 1, 'counted as blocked by the deadline')
  t.equal(b.receiver.requests.length, 0, 'never sent')
  t.same(await openRequestsDrift(b.orm.em.fork()), [], 'open_requests holds the open requests as they are')
})

t.test('checks that completed before the push was stored release it at once', async (t) => {
  const b = await gated(t)
  await b.appendEvent('check_suite', suite(4, 'completed', 'success'))
  await until(() => b.orm.em.fork().count(WebhookEvent, { event: 'check_suite' }).then((n) => n === 1), 10_000, 'suite stored')
  const deliveryId = await b.appendEvent('push', push(4))
  await b.receiver.waitFor((r) => r.delivered().length === 1, 10_000)
  t.ok(await requestOf(b, deliveryId, 'delivered'), 'not held until the deadline')
})

t.test('a suite that failed before the push was stored blocks it at once, naming the suite\'s App', async (t) => {
  const b = await gated(t)
  await b.appendEvent('check_suite', suite(5, 'completed', 'failure'))
  await until(() => b.orm.em.fork().count(WebhookEvent, { event: 'check_suite' }).then((n) => n === 1), 10_000, 'suite stored')
  const deliveryId = await b.appendEvent('push', push(5))
  const blocked = await requestOf(b, deliveryId, 'blocked')
  t.equal(blocked.lastError, 'blocked: checks failed (ci: failure)', 'the reason names the App, as when the suite comes after the push')
  t.equal(b.receiver.requests.length, 0, 'never sent')
  t.same(await openRequestsDrift(b.orm.em.fork()), [], 'open_requests holds the open requests as they are')
})
