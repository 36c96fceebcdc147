import { request } from 'node:http'
import { activityStream, compareActivityIds, publishActivity } from '@gwm/queue'
import t, { type Test } from 'tap'
import type { GatewayApp } from '../src/app.ts'
import { startVariant, startWithGitHub } from './helpers/gateway.ts'
import { seedEvent } from './helpers/events.ts'
import { login, type SignedIn } from './helpers/login.ts'

// Streams re-check every 300 ms, and access is asked of GitHub each time.
const gateway = await startWithGitHub(t, { EVENTS_ACCESS_TTL_MS: '0', EVENTS_STREAM_RECHECK_MS: '300' })
const { app, sim, config, orm, redis } = gateway
const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
const listening = async (gatewayApp: GatewayApp) => {
  await gatewayApp.listen({ port: 0, host: '127.0.0.1' })
  return `http://127.0.0.1:${(gatewayApp.server.address() as { port: number }).port}`
}
const base = await listening(app)
const hello = await seedEvent(orm, { repo: 'octocat/hello-world' })
const scripts = await seedEvent(orm, { repo: 'hubot/scripts' })
const org = await seedEvent(orm, { repo: 'octo-org/platform' })
const FRONTEND = new URL(config.FRONTEND_URL).origin
const cookieOf = (who: SignedIn) => who.browser.cookieHeader()
const platform = { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }
/** Another process on the same keys: the sessions and the platform token above work there too. */
const sameKeys = { SESSION_KEY: config.SESSION_KEY.map((key) => key.toString('hex')).join(','), PLATFORM_API_TOKEN: String(config.PLATFORM_API_TOKEN) }

/** An EventSource-like reader over real HTTP (node:http: one socket per stream): collects the text. */
async function open(t: Test, headers: Record<string, string>, at = base, query = '') {
  const stream = { status: 0, type: '', text: '', ended: false, headers: {} as Record<string, unknown> }
  const req = request(`${at}/api/events/stream${query}`, { headers })
  t.teardown(() => req.destroy())
  await new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      stream.status = res.statusCode ?? 0
      stream.type = String(res.headers['content-type'])
      stream.headers = res.headers
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        stream.text += chunk
      })
      res.on('end', () => {
        stream.ended = true
      })
      resolve()
    })
    req.on('error', reject)
    req.end()
  })
  const until = async (check: () => boolean, what: string) => {
    for (const deadline = Date.now() + 5_000; !check(); await new Promise((r) => setTimeout(r, 20))) {
      if (Date.now() > deadline) throw new Error(`stream: ${what} did not happen; got ${JSON.stringify(stream.text)}`)
    }
  }
  await until(() => stream.text.includes(': connected') || stream.status !== 200, 'connected')
  return { stream, until, close: () => req.destroy() }
}

const stored = (seeded: { deliveryId: string; eventId: string; repositoryId: string }) =>
  publishActivity(redis.client, config.QUEUE_PREFIX, { type: 'event.stored', deliveryId: seeded.deliveryId, eventId: seeded.eventId, repositoryId: seeded.repositoryId, event: 'push', action: null, requests: 1, at: new Date().toISOString() })

t.test('the platform\'s stream receives new events and status changes as they happen', async (t) => {
  const { stream, until } = await open(t, { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` })
  t.equal(stream.status, 200)
  t.match(stream.type, /text\/event-stream/)
  stored(hello)
  await until(() => stream.text.includes(hello.deliveryId), 'event.stored')
  t.match(stream.text, new RegExp(`event: event.stored\\nid: \\d+-\\d+\\ndata: \\{[^\\n]*"deliveryId":"${hello.deliveryId}"`))
  publishActivity(redis.client, config.QUEUE_PREFIX, { type: 'request.status', deliveryId: hello.deliveryId, eventId: hello.eventId, repositoryId: hello.repositoryId, requestId: 'r-1', status: 'delivered', attempts: 1, at: new Date().toISOString() })
  await until(() => stream.text.includes('event: request.status'), 'request.status')
  t.match(stream.text, /"status":"delivered"/)
})

t.test('a user\'s stream carries only the repositories they may see', async (t) => {
  const cookie = [...octocat.browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ')
  const { stream, until } = await open(t, { cookie })
  t.equal(stream.status, 200)
  stored(scripts)
  stored(hello)
  await until(() => stream.text.includes(hello.deliveryId), 'the visible event')
  t.notOk(stream.text.includes(scripts.deliveryId), 'hubot/scripts is not octocat\'s')
})

t.test('a repository connected after the stream opened: its events reach the stream at once, not at the next periodic re-check', async (t) => {
  const slow = await startVariant(t, gateway, { ...sameKeys, EVENTS_STREAM_RECHECK_MS: '600000' }, sim.url)
  const { stream, until } = await open(t, { cookie: cookieOf(octocat) }, await listening(slow))
  // Stored only now: the repository has no row before, as when it is connected while the console is open.
  const notes = await seedEvent(orm, { repo: 'octocat/private-notes' })
  stored(scripts)
  stored(notes)
  await until(() => stream.text.includes(notes.deliveryId), 'the newly connected repository\'s event')
  stored(scripts)
  stored(hello)
  await until(() => stream.text.includes(hello.deliveryId), 'the next visible event')
  t.notOk(stream.text.includes(scripts.deliveryId), 'hubot/scripts is still not octocat\'s')
})

t.test('no credentials: 401, no stream', async (t) => {
  const { stream, until } = await open(t, {})
  await until(() => stream.ended, 'the 401 body')
  t.equal(stream.status, 401)
  t.match(stream.text, /"error":"unauthorized"/)
})

t.test('the stream carries the security and CORS headers of a JSON route', async (t) => {
  const { stream } = await open(t, { cookie: cookieOf(octocat), origin: FRONTEND })
  t.equal(stream.status, 200)
  const json = await app.inject({ url: '/api/events', headers: { cookie: cookieOf(octocat), origin: FRONTEND } })
  for (const name of ['content-security-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options', 'access-control-allow-origin', 'access-control-allow-credentials']) {
    t.ok(json.headers[name], `the JSON route sends ${name}`)
    t.equal(stream.headers[name], json.headers[name], name)
  }
})

t.test('a stream whose user lost access on GitHub ends, and carries nothing of the repository after', async (t) => {
  sim.control.setMembership('octo-org', 'hubot', 'admin')
  t.teardown(() => sim.control.setMembership('octo-org', 'hubot', 'member'))
  const { stream, until } = await open(t, { cookie: cookieOf(hubot) })
  stored(org)
  await until(() => stream.text.includes(org.deliveryId), 'the event of the repository hubot administers')
  sim.control.setMembership('octo-org', 'hubot', 'member')
  await until(() => stream.ended, 'end of stream')
  t.match(stream.text, /event: stream.end\ndata: \{"reason":"access_changed"/)
  const later = await seedEvent(orm, { repo: 'octo-org/platform' })
  stored(later)
  await new Promise((r) => setTimeout(r, 300))
  t.notOk(stream.text.includes(later.deliveryId))
  const again = await open(t, { cookie: cookieOf(hubot) })
  stored(later)
  stored(scripts)
  await again.until(() => again.stream.text.includes(scripts.deliveryId), 'his own repository on the new stream')
  t.notOk(again.stream.text.includes(later.deliveryId), 'a new stream does not carry it either')
})

t.test('GitHub unreachable: an open stream of a user ends, a new one is refused with 503', async (t) => {
  const { stream, until } = await open(t, { cookie: cookieOf(hubot) })
  t.equal(stream.status, 200)
  sim.control.setOutage({ status: 503 })
  t.teardown(() => sim.control.setOutage(null))
  await until(() => stream.ended, 'end of stream')
  t.match(stream.text, /event: stream.end\ndata: \{"reason":"github_unavailable"/)
  const refused = await open(t, { cookie: cookieOf(hubot) })
  await refused.until(() => refused.stream.ended, 'the 503 body')
  t.equal(refused.stream.status, 503)
  t.match(JSON.parse(refused.stream.text), { error: 'github_unavailable' })
  t.equal((await open(t, platform)).stream.status, 200, 'the platform\'s stream does not ask GitHub')
})

t.test('a stream ends when its session expires', async (t) => {
  const data = app.decodeSecureSession(octocat.browser.cookies.get('gwm_session')!)!
  data.set('loginAt', Math.floor(Date.now() / 1000) - config.SESSION_MAX_AGE_S + 2)
  const { stream, until } = await open(t, { cookie: `gwm_session=${encodeURIComponent(app.encodeSecureSession(data))}` })
  t.equal(stream.status, 200)
  await until(() => stream.ended, 'end of stream at expiry')
  t.match(stream.text, /event: stream.end\ndata: \{"reason":"session_ended"/)
})

t.test('a stream ends when its session signs out', async (t) => {
  const session = await login(app, sim, 'octocat')
  const { stream, until } = await open(t, { cookie: cookieOf(session) })
  t.equal(stream.status, 200)
  const out = await session.browser.request({ method: 'POST', url: '/auth/logout', headers: { 'x-csrf-token': session.csrfToken } })
  t.equal(out.statusCode, 204)
  await until(() => stream.ended, 'end of stream')
  t.match(stream.text, /event: stream.end\ndata: \{"reason":"session_ended"/)
})

t.test('open streams are capped per user and per process: 429 over the cap', async (t) => {
  const capped = await startVariant(t, gateway, { ...sameKeys, EVENTS_STREAM_MAX_PER_USER: '2', EVENTS_STREAM_MAX_PER_PROCESS: '3' }, sim.url)
  const at = await listening(capped)
  const first = await open(t, { cookie: cookieOf(octocat) }, at)
  await open(t, { cookie: cookieOf(octocat) }, at)
  const third = await open(t, { cookie: cookieOf(octocat) }, at)
  await third.until(() => third.stream.ended, 'the 429 body')
  t.equal(third.stream.status, 429)
  t.match(JSON.parse(third.stream.text), { error: 'too_many_streams', message: /at most 2 .*EVENTS_STREAM_MAX_PER_USER/ })
  t.equal((await open(t, { cookie: cookieOf(hubot) }, at)).stream.status, 200, 'another user still may')
  const full = await open(t, platform, at)
  await full.until(() => full.stream.ended, 'the 429 body')
  t.equal(full.stream.status, 429, 'the process is full: the platform too')
  t.match(JSON.parse(full.stream.text), { error: 'too_many_streams', message: /EVENTS_STREAM_MAX_PER_PROCESS/ })
  first.close()
  for (let status = 0; status !== 200; await new Promise((r) => setTimeout(r, 50))) {
    const next = await open(t, { cookie: cookieOf(octocat) }, at)
    status = next.stream.status
    if (status !== 200) next.close()
  }
  t.pass('a closed stream frees its place')
})

t.test('opening a stream counts against the rate limit', async (t) => {
  const limited = await startVariant(t, gateway, { ...sameKeys, RATE_LIMIT_PER_MINUTE: '2', QUEUE_PREFIX: `${config.QUEUE_PREFIX}rl` }, sim.url)
  const at = await listening(limited)
  t.equal((await open(t, { cookie: cookieOf(hubot) }, at)).stream.status, 200)
  t.equal((await open(t, { cookie: cookieOf(hubot) }, at)).stream.status, 200)
  const third = await open(t, { cookie: cookieOf(hubot) }, at)
  await third.until(() => third.stream.ended, 'the 429 body')
  t.equal(third.stream.status, 429)
  t.match(JSON.parse(third.stream.text), { error: 'rate_limited' })
})

/** The stream's messages of one type, with their ids, in the order sent. */
const messagesOf = (text: string, type: string) => text.split('\n\n').flatMap((block) => {
  const field = (name: string) => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2)
  return field('event') === type ? [{ id: field('id') ?? '', data: JSON.parse(field('data') ?? 'null') }] : []
})
/** What EventSource keeps as lastEventId: the last id: field the stream sent. */
const lastIdOf = (text: string) => [...text.matchAll(/^id: (.*)$/gm)].at(-1)?.[1] ?? ''
const seedHello = async (count: number) => {
  const events = []
  for (let i = 0; i < count; i++) events.push(await seedEvent(orm, { repo: 'octocat/hello-world' }))
  return events
}

t.test('a reconnect with Last-Event-ID gets exactly what it missed of its repositories, in order, then goes on live', async (t) => {
  const [first, second, ...missed] = await seedHello(6)
  const live = missed.pop()!
  const before = await open(t, { cookie: cookieOf(octocat) })
  stored(first!)
  stored(second!)
  await before.until(() => before.stream.text.includes(second!.deliveryId), 'the first two events')
  before.close()
  const lastEventId = lastIdOf(before.stream.text)
  t.equal(lastEventId, messagesOf(before.stream.text, 'event.stored')[1]?.id, 'the client holds the second event\'s id')

  // Three events happen while the client is away, and one it may not see.
  stored(missed[0]!)
  stored(scripts)
  stored(missed[1]!)
  stored(missed[2]!)
  await new Promise((r) => setTimeout(r, 100))
  const after = await open(t, { cookie: cookieOf(octocat), 'last-event-id': lastEventId })
  await after.until(() => after.stream.text.includes(missed[2]!.deliveryId), 'the missed events')
  stored(live)
  await after.until(() => after.stream.text.includes(live.deliveryId), 'the live event')
  const received = messagesOf(after.stream.text, 'event.stored')
  t.same(received.map((m) => m.data.deliveryId), [...missed, live].map((e) => e.deliveryId), 'exactly the three missed, in order, then the live one: nothing twice')
  t.notOk(after.stream.text.includes(scripts.deliveryId), 'nothing of hubot\'s repository')
  t.ok(received.every((m, i) => i === 0 || compareActivityIds(received[i - 1]!.id, m.id) < 0), 'ids increase')
  t.ok(compareActivityIds(lastEventId, received[0]!.id) < 0)
})

t.test('lastEventId in the query does the same for clients that cannot set headers; the header wins over it', async (t) => {
  const [first, missed] = await seedHello(2)
  const before = await open(t, platform)
  stored(first!)
  await before.until(() => before.stream.text.includes(first!.deliveryId), 'the first event')
  before.close()
  const lastEventId = lastIdOf(before.stream.text)
  stored(missed!)
  const byQuery = await open(t, platform, base, `?lastEventId=${lastEventId}`)
  await byQuery.until(() => byQuery.stream.text.includes(missed!.deliveryId), 'the missed event')
  t.same(messagesOf(byQuery.stream.text, 'event.stored').map((m) => m.data.deliveryId), [missed!.deliveryId])
  const both = await open(t, { ...platform, 'last-event-id': lastIdOf(byQuery.stream.text) }, base, `?lastEventId=${lastEventId}`)
  await new Promise((r) => setTimeout(r, 200))
  t.same(messagesOf(both.stream.text, 'event.stored'), [], 'resumed from the header\'s id: nothing to send again')
})

t.test('a fresh stream names where it starts, so that even a client that saw nothing resumes without a gap', async (t) => {
  const [missed] = await seedHello(1)
  const quiet = await open(t, platform)
  t.match(quiet.stream.text, /^retry: 3000\nid: \d+-\d+\n: connected/)
  quiet.close()
  stored(missed!)
  const again = await open(t, { ...platform, 'last-event-id': lastIdOf(quiet.stream.text) })
  await again.until(() => again.stream.text.includes(missed!.deliveryId), 'the event it missed')
})

t.test('an id the stream no longer reaches back to: stream.reset says to reload the list, and the stream goes on live', async (t) => {
  const [old, gone, kept, live] = await seedHello(4)
  const before = await open(t, platform)
  stored(old!)
  await before.until(() => before.stream.text.includes(old!.deliveryId), 'an event')
  before.close()
  stored(gone!)
  stored(kept!)
  await new Promise((r) => setTimeout(r, 100))
  // Redis trims the oldest messages as new ones come: here, all but the newest.
  await redis.client.xtrim(activityStream(config.QUEUE_PREFIX), 'MAXLEN', 1)
  const after = await open(t, { ...platform, 'last-event-id': lastIdOf(before.stream.text) })
  await after.until(() => after.stream.text.includes('stream.reset'), 'the reset')
  const [reset] = messagesOf(after.stream.text, 'stream.reset')
  t.match(reset?.data, { reason: 'history_unavailable', message: /re-read GET \/api\/events/ })
  t.same(messagesOf(after.stream.text, 'event.stored'), [], 'no partial history')
  stored(live!)
  await after.until(() => after.stream.text.includes(live!.deliveryId), 'the live event')
  t.equal(lastIdOf(after.stream.text), messagesOf(after.stream.text, 'event.stored')[0]?.id)

  const future = await open(t, { ...platform, 'last-event-id': '99999999999999-0' })
  await future.until(() => future.stream.text.includes('stream.reset'), 'the reset of an id never written (Redis lost its data)')
})

t.test('closing the gateway ends open streams instead of waiting for them', async (t) => {
  const { stream, until } = await open(t, { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` })
  const started = Date.now()
  await app.close()
  await until(() => stream.ended, 'end of stream')
  t.ok(Date.now() - started < 3_000)
})
