import { randomUUID } from 'node:crypto'
import t from 'tap'
import { startWithGitHub } from './helpers/gateway.ts'
import { seedConnection, seedEvent } from './helpers/events.ts'
import { login } from './helpers/login.ts'

// Every request asks GitHub anew: access is lost here between two requests of one test.
const { app, sim, config, orm } = await startWithGitHub(t, { EVENTS_ACCESS_TTL_MS: '0' })
const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
const monalisa = await login(app, sim, 'monalisa')
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }
const asPlatform = (url: string) => app.inject({ url, headers: platform })

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000)
const hello = await seedEvent(orm, { repo: 'octocat/hello-world', receivedAt: minutesAgo(5), requests: [{ status: 'delivered', attempts: [500, 200] }] })
const failed = await seedEvent(orm, { repo: 'octocat/hello-world', event: 'pull_request', action: 'opened', receivedAt: minutesAgo(4), requests: [{ kind: 'preview', environment: 'pr-2', status: 'failed', attempts: [400] }] })
const issue = await seedEvent(orm, { repo: 'octocat/hello-world', event: 'issues', receivedAt: minutesAgo(3) })
const scripts = await seedEvent(orm, { repo: 'hubot/scripts', receivedAt: minutesAgo(2), requests: [{ status: 'pending' }] })
const org = await seedEvent(orm, { repo: 'octo-org/platform', receivedAt: minutesAgo(1), requests: [{ status: 'delivering', attempts: [503] }] })
const ids = (body: { events: Array<{ deliveryId: string }> }) => body.events.map((e) => e.deliveryId)

t.test('the platform reads every event, newest first, with status and requests', async (t) => {
  const res = await asPlatform('/api/events')
  t.equal(res.statusCode, 200)
  t.same(ids(res.json()), [org, scripts, issue, failed, hello].map((e) => e.deliveryId))
  const [first, , third, fourth, fifth] = res.json().events
  t.match(first, { status: 'pending', repository: { id: 1296272, fullName: 'octo-org/platform' }, requests: [{ status: 'delivering', attempts: 1 }] })
  t.match(third, { event: 'issues', status: 'stored', requests: [] })
  t.match(fourth, { event: 'pull_request', action: 'opened', status: 'failed', requests: [{ type: 'deployment.requested', kind: 'preview', environment: 'pr-2', lastError: 'HTTP 400' }] })
  t.match(fifth, { event: 'push', status: 'delivered', requests: [{ status: 'delivered', attempts: 2 }] })
  t.equal(res.json().nextCursor, null)
})

t.test('filters: repository, event, status, since', async (t) => {
  const q = async (query: string) => ids((await asPlatform(`/api/events?${query}`)).json())
  t.same(await q('repo=octocat/hello-world'), [issue, failed, hello].map((e) => e.deliveryId))
  t.same(await q('event=push'), [org, scripts, hello].map((e) => e.deliveryId))
  t.same(await q('status=failed'), [failed.deliveryId])
  t.same(await q('status=stored'), [issue.deliveryId])
  t.same(await q('status=delivered'), [hello.deliveryId])
  t.same(await q('status=pending'), [org, scripts].map((e) => e.deliveryId))
  t.same(await q(`since=${encodeURIComponent(minutesAgo(2.5).toISOString())}`), [org, scripts].map((e) => e.deliveryId))
  t.same(await q(`until=${encodeURIComponent(minutesAgo(2.5).toISOString())}`), [issue, failed, hello].map((e) => e.deliveryId))
  t.same(await q(`since=${encodeURIComponent(minutesAgo(4.5).toISOString())}&until=${encodeURIComponent(minutesAgo(2.5).toISOString())}`), [issue, failed].map((e) => e.deliveryId))
  t.same(await q('repo=octocat/hello-world&status=delivered&event=push'), [hello.deliveryId])
  const bad = await asPlatform('/api/events?status=lost')
  t.equal(bad.statusCode, 400)
  t.match(bad.json(), { error: 'validation_failed' })
})

t.test('cursor paging walks every event once', async (t) => {
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const res = await asPlatform(`/api/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
    t.equal(res.statusCode, 200)
    t.ok(res.json().events.length <= 2)
    seen.push(...ids(res.json()))
    cursor = res.json().nextCursor
  } while (cursor)
  t.same(seen, [org, scripts, issue, failed, hello].map((e) => e.deliveryId))
  const bad = await asPlatform('/api/events?cursor=bm9wZQ')
  t.equal(bad.statusCode, 400)
  t.match(bad.json().message, /cursor/)
})

t.test('one event: payload, requests and every callback attempt', async (t) => {
  const res = await asPlatform(`/api/events/${hello.deliveryId}`)
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.match(body, { deliveryId: hello.deliveryId, event: 'push', status: 'delivered', payload: { ref: 'refs/tags/simple-tag', repository: { id: 1296269 } } })
  t.same(body.requests[0].callbackAttempts.map((a: { attempt: number; statusCode: number }) => [a.attempt, a.statusCode]), [[1, 500], [2, 200]])
  t.equal((await asPlatform('/api/events/00000000-0000-0000-0000-000000000000')).statusCode, 404)
})

t.test('without credentials: 401; a wrong bearer token: 401', async (t) => {
  t.equal((await app.inject('/api/events')).statusCode, 401)
  const wrong = await app.inject({ url: '/api/events', headers: { authorization: 'Bearer not-the-token-at-all' } })
  t.equal(wrong.statusCode, 401)
  t.match(wrong.json(), { error: 'invalid_token' })
})

t.test('users see only repositories they administer on GitHub', async (t) => {
  // octocat administers hello-world and (as an org admin) octo-org/platform.
  const mine = await octocat.browser.request('/api/events')
  t.equal(mine.statusCode, 200)
  t.same(ids(mine.json()), [org, issue, failed, hello].map((e) => e.deliveryId))
  // hubot may push to hello-world but administers only hubot/scripts.
  const his = await hubot.browser.request('/api/events')
  t.same(ids(his.json()), [scripts.deliveryId])
  t.equal((await hubot.browser.request(`/api/events/${hello.deliveryId}`)).statusCode, 404, 'no hint that it exists')
  t.equal((await hubot.browser.request(`/api/events/${scripts.deliveryId}`)).statusCode, 200)
  t.same(ids((await hubot.browser.request('/api/events?repo=octocat/hello-world')).json()), [])
  t.same(ids((await monalisa.browser.request('/api/events')).json()), [], 'monalisa administers nothing')
})

t.test('?repo= naming a repository that is not stored: an empty page, for a user and for the platform', async (t) => {
  t.same(ids((await octocat.browser.request('/api/events?repo=nobody/nothing')).json()), [])
  t.same((await asPlatform('/api/events?repo=nobody/nothing')).json(), { events: [], nextCursor: null })
  t.same(ids((await asPlatform('/api/events?repo=octocat/hello-world')).json()), [issue, failed, hello].map((e) => e.deliveryId), 'the platform, narrowed to one repository')
})

t.test('one delivery id that reached two hooks: each user reads the event of the repository they administer', async (t) => {
  const deliveryId = randomUUID()
  const theirs = await seedEvent(orm, { repo: 'octocat/hello-world', deliveryId, hookId: 11, receivedAt: minutesAgo(7) })
  const his = await seedEvent(orm, { repo: 'hubot/scripts', deliveryId, hookId: 12, receivedAt: minutesAgo(6) })
  const detail = async (browser: typeof octocat.browser) => {
    const res = await browser.request(`/api/events/${deliveryId}`)
    return { status: res.statusCode, repository: res.statusCode === 200 ? res.json().repository.fullName : null }
  }
  t.same(await detail(octocat.browser), { status: 200, repository: 'octocat/hello-world' }, 'octocat: hello-world\'s, though hubot\'s is newer')
  t.same(await detail(hubot.browser), { status: 200, repository: 'hubot/scripts' })
  t.same(await detail(monalisa.browser), { status: 404, repository: null }, 'monalisa administers neither')
  const newest = await asPlatform(`/api/events/${deliveryId}`)
  t.equal(newest.json().repository.fullName, 'hubot/scripts', 'the platform reads the newest')
  t.not(theirs.eventId, his.eventId)
})

t.test('a user who connected a repository and lost access to it on GitHub no longer sees its events', async (t) => {
  sim.control.setMembership('octo-org', 'monalisa', 'admin')
  t.teardown(() => sim.control.setMembership('octo-org', 'monalisa', null))
  await seedConnection(orm, 'octo-org/platform', monalisa.userId)
  t.same(ids((await monalisa.browser.request('/api/events')).json()), [org.deliveryId], 'an org admin sees the repository she connected')

  sim.control.setMembership('octo-org', 'monalisa', 'member')
  t.same(ids((await monalisa.browser.request('/api/events')).json()), [], 'a member who may only read it: none')
  sim.control.setMembership('octo-org', 'monalisa', null)
  t.same(ids((await monalisa.browser.request('/api/events')).json()), [], 'removed from the org: none')
  t.same(ids((await monalisa.browser.request('/api/events?repo=octo-org/platform')).json()), [])
  const detail = await monalisa.browser.request(`/api/events/${org.deliveryId}`)
  t.equal(detail.statusCode, 404, 'neither its detail nor its payload')
  t.match(detail.json(), { error: 'not_found' })
  t.equal((await asPlatform(`/api/events/${org.deliveryId}`)).statusCode, 200, 'the platform still reads it')
})

t.test('GitHub unreachable: a user\'s events answer 503 rather than guess; the platform\'s are unaffected', async (t) => {
  await seedConnection(orm, 'octocat/hello-world', octocat.userId)
  sim.control.setOutage({ status: 503 })
  t.teardown(() => sim.control.setOutage(null))
  const list = await octocat.browser.request('/api/events')
  t.equal(list.statusCode, 503)
  t.match(list.json(), { error: 'github_unavailable', message: /GitHub/ })
  const detail = await octocat.browser.request(`/api/events/${hello.deliveryId}`)
  t.equal(detail.statusCode, 503, 'not even the repository he connected')
  t.equal((await asPlatform('/api/events')).statusCode, 200)
  sim.control.setOutage(null)
  t.equal((await octocat.browser.request('/api/events')).statusCode, 200, 'back once GitHub answers')
})
