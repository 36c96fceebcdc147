import { randomUUID } from 'node:crypto'
import { DeadLetter, Repository } from '@gwm/domain'
import { createQueue, QUEUES } from '@gwm/queue'
import { example } from '@gwm/testkit'
import t from 'tap'
import { startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'

// No worker runs here: the events jobs a replay adds stay in the queue for us to inspect.
const { app, sim, config, orm, redis } = await startWithGitHub(t)
const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
const events = createQueue(QUEUES.events, redis.client, config.QUEUE_PREFIX)
t.teardown(() => events.close())
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }
const asPlatform = (url: string, method: 'GET' | 'POST' = 'GET') => app.inject({ method, url, headers: platform })
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)

/** A dead letter as the worker writes it: a push to a repository (GitHub id) it could not store. */
async function seedDeadLetter(options: { githubId: number | null; failedMinutesAgo: number; payload?: string | null }) {
  const deliveryId = randomUUID()
  const payload = { ...example('push'), repository: { id: options.githubId, full_name: 'octocat/hello-world' } }
  const em = orm.em.fork()
  const letter = em.create(DeadLetter, {
    jobId: `4242-${deliveryId}`,
    deliveryId,
    hookId: '4242',
    event: 'push',
    repositoryGithubId: options.githubId,
    headers: { 'x-github-delivery': deliveryId, 'x-github-event': 'push', 'x-github-hook-id': '4242' },
    payload: options.payload === null ? null : Buffer.from(options.payload ?? JSON.stringify(payload)),
    receivedAt: minutesAgo(options.failedMinutesAgo + 60),
    error: 'new row for relation "webhook_events" violates check constraint "example"',
    attempts: 296,
    firstFailedAt: minutesAgo(options.failedMinutesAgo + 60),
    lastFailedAt: minutesAgo(options.failedMinutesAgo),
  })
  await em.flush()
  return letter
}

// octocat administers octocat/hello-world on GitHub; hubot does not. The third names no stored repository.
const em = orm.em.fork()
if (!(await em.findOne(Repository, { githubId: 1296269 }))) em.create(Repository, { githubId: 1296269, fullName: 'octocat/hello-world' })
await em.flush()
const older = await seedDeadLetter({ githubId: 1296269, failedMinutesAgo: 30 })
const newer = await seedDeadLetter({ githubId: 1296269, failedMinutesAgo: 10 })
const unknownRepository = await seedDeadLetter({ githubId: 99_999_999, failedMinutesAgo: 20 })
const noPayload = await seedDeadLetter({ githubId: 1296269, failedMinutesAgo: 40, payload: null })

t.test('the platform lists every dead letter, newest failure first, page by page', async (t) => {
  const first = await asPlatform('/api/events/dead-letters?limit=2')
  t.equal(first.statusCode, 200)
  t.same(first.json().deadLetters.map((d: { id: string }) => d.id), [newer.id, unknownRepository.id])
  t.match(first.json().deadLetters[0], {
    deliveryId: newer.deliveryId,
    hookId: '4242',
    event: 'push',
    repositoryId: 1296269,
    headers: { 'x-github-delivery': newer.deliveryId, 'x-github-event': 'push' },
    payloadBytes: newer.payload!.length,
    error: /check constraint/,
    attempts: 296,
    replayedAt: null,
  })
  const second = await asPlatform(`/api/events/dead-letters?limit=2&cursor=${first.json().nextCursor}`)
  t.same(second.json().deadLetters.map((d: { id: string }) => d.id), [older.id, noPayload.id])
  t.equal(second.json().nextCursor, null)
})

t.test('a user sees the dead letters of repositories they may see, with the raw payload of one', async (t) => {
  const listed = await octocat.browser.request('/api/events/dead-letters')
  t.equal(listed.statusCode, 200)
  t.same(listed.json().deadLetters.map((d: { id: string }) => d.id), [newer.id, older.id, noPayload.id], 'not the one naming no stored repository')
  const one = await octocat.browser.request(`/api/events/dead-letters/${newer.id}`)
  t.equal(one.statusCode, 200)
  t.equal(one.json().payload, newer.payload!.toString('utf8'), 'the payload as it was queued')
  t.same((await hubot.browser.request('/api/events/dead-letters')).json().deadLetters, [], 'hubot administers none of them')
  t.equal((await hubot.browser.request(`/api/events/dead-letters/${newer.id}`)).statusCode, 404)
  t.equal((await octocat.browser.request(`/api/events/dead-letters/${unknownRepository.id}`)).statusCode, 404)
  t.equal((await asPlatform(`/api/events/dead-letters/${unknownRepository.id}`)).statusCode, 200, 'the platform reads it')
})

t.test('replay puts the delivery back on the events queue under its original ids, once; the dead letter is marked replayed', async (t) => {
  const replay = () => octocat.browser.request({ method: 'POST', url: `/api/events/dead-letters/${older.id}/replay`, headers: { 'x-csrf-token': octocat.csrfToken } })
  const res = await replay()
  t.equal(res.statusCode, 202)
  t.match(res.json(), { id: older.id, deliveryId: older.deliveryId })
  const job = await events.getJob(older.jobId)
  t.equal(job?.name, 'github-event')
  t.match(job?.data, { deliveryId: older.deliveryId, event: 'push', hookId: '4242', payload: older.payload!.toString('utf8') })
  const marked = await orm.em.fork().findOneOrFail(DeadLetter, { id: older.id })
  t.ok(marked.replayedAt, 'marked replayed')

  t.equal((await replay()).statusCode, 202, 'replaying again is fine')
  const deliveries = (await events.getJobs(['waiting', 'delayed', 'active', 'prioritized'])).filter((queued) => queued.name === 'github-event')
  t.same(deliveries.map((queued) => queued.id), [older.jobId], 'one job: the delivery is stored once')
  const pending = (await asPlatform('/api/events/dead-letters?replayed=false')).json().deadLetters.map((d: { id: string }) => d.id)
  t.notOk(pending.includes(older.id), 'no longer among those waiting for a replay')
})

t.test('replay needs the CSRF token and access to the repository; one that never was a whole delivery is refused', async (t) => {
  const url = `/api/events/dead-letters/${newer.id}/replay`
  t.equal((await octocat.browser.request({ method: 'POST', url })).statusCode, 403)
  t.equal((await hubot.browser.request({ method: 'POST', url, headers: { 'x-csrf-token': hubot.csrfToken } })).statusCode, 404)
  t.equal(await events.getJob(newer.jobId), undefined, 'nothing queued')
  const refused = await asPlatform(`/api/events/dead-letters/${noPayload.id}/replay`, 'POST')
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { error: 'not_replayable', message: /payload/ })
  t.equal((await orm.em.fork().findOneOrFail(DeadLetter, { id: noPayload.id })).replayedAt, null, 'not marked')
})

t.test('the dead-letter routes are in the OpenAPI document', async (t) => {
  const doc = (await app.inject('/openapi.json')).json()
  t.ok(doc.paths['/api/events/dead-letters']?.get)
  t.ok(doc.paths['/api/events/dead-letters/{id}']?.get)
  t.ok(doc.paths['/api/events/dead-letters/{id}/replay']?.post)
})
