import { request } from 'node:http'
import { publishActivity } from '@gwm/queue'
import t, { type Test } from 'tap'
import { startWithGitHub } from './helpers/gateway.ts'
import { seedEvent } from './helpers/events.ts'
import { login } from './helpers/login.ts'

const { app, sim, config, orm, redis } = await startWithGitHub(t)
const octocat = await login(app, sim, 'octocat')
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
const hello = await seedEvent(orm, { repo: 'octocat/hello-world' })
const scripts = await seedEvent(orm, { repo: 'hubot/scripts' })

/** An EventSource-like reader over real HTTP (node:http: one socket per stream): collects the text. */
async function open(t: Test, headers: Record<string, string>) {
  const stream = { status: 0, type: '', text: '', ended: false }
  const req = request(`${base}/api/events/stream`, { headers })
  t.teardown(() => req.destroy())
  await new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      stream.status = res.statusCode ?? 0
      stream.type = String(res.headers['content-type'])
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
  return { stream, until }
}

const stored = (seeded: { deliveryId: string; eventId: string; repositoryId: string }) =>
  publishActivity(redis.client, config.QUEUE_PREFIX, { type: 'event.stored', deliveryId: seeded.deliveryId, eventId: seeded.eventId, repositoryId: seeded.repositoryId, event: 'push', action: null, requests: 1, at: new Date().toISOString() })

t.test('the platform\'s stream receives new events and status changes as they happen', async (t) => {
  const { stream, until } = await open(t, { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` })
  t.equal(stream.status, 200)
  t.match(stream.type, /text\/event-stream/)
  stored(hello)
  await until(() => stream.text.includes(hello.deliveryId), 'event.stored')
  t.match(stream.text, new RegExp(`event: event.stored\\nid: ${hello.eventId}\\ndata: \\{[^\\n]*"deliveryId":"${hello.deliveryId}"`))
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

t.test('no credentials: 401, no stream', async (t) => {
  const { stream, until } = await open(t, {})
  await until(() => stream.ended, 'the 401 body')
  t.equal(stream.status, 401)
  t.match(stream.text, /"error":"unauthorized"/)
})

t.test('closing the gateway ends open streams instead of waiting for them', async (t) => {
  const { stream, until } = await open(t, { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` })
  const started = Date.now()
  await app.close()
  await until(() => stream.ended, 'end of stream')
  t.ok(Date.now() - started < 3_000)
})
