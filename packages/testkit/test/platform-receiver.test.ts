import { randomBytes, randomUUID } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { createPlatformReceiver, type PlatformReceiver } from '../src/platform-receiver.ts'

const secret = `whsec_${randomBytes(24).toString('base64')}`

async function post(receiver: PlatformReceiver, opts: { key?: string; signal?: AbortSignal } = {}) {
  const id = randomUUID()
  const body = JSON.stringify({ type: 'deployment.requested', id, timestamp: new Date().toISOString(), data: { environment: 'production' } })
  const now = new Date()
  const signature = new Webhook(opts.key ?? secret).sign(id, now, body)
  const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature }
  return fetch(receiver.url, { method: 'POST', headers, body, signal: opts.signal })
}

t.test('verifies signatures: a good one is delivered, a bad one is 401', async (t) => {
  const receiver = await createPlatformReceiver({ secret, t })
  t.equal((await post(receiver)).status, 200)
  t.equal((await post(receiver, { key: `whsec_${randomBytes(24).toString('base64')}` })).status, 401)
  t.equal(receiver.requests.length, 2)
  t.equal(receiver.delivered().length, 1)
  t.equal(receiver.delivered()[0]?.body?.type, 'deployment.requested')
  t.equal(receiver.requests[1]?.verified, false)
})

t.test('scripted answers are used in order: fail, 429 with Retry-After, 400, then 200', async (t) => {
  const receiver = await createPlatformReceiver({ secret, t })
  receiver.failNext(2, 503)
  receiver.rateLimitNext(1, 7)
  receiver.rejectNext(1)
  const answers = []
  for (let i = 0; i < 5; i++) {
    const res = await post(receiver)
    answers.push([res.status, res.headers.get('retry-after')])
  }
  t.same(answers, [[503, null], [503, null], [429, '7'], [400, null], [200, null]])
  t.equal(receiver.delivered().length, 1)
})

t.test('a stall outlasts the caller: recorded as aborted, not delivered', async (t) => {
  const receiver = await createPlatformReceiver({ secret, t })
  receiver.stallNext(1, 2_000)
  await t.rejects(post(receiver, { signal: AbortSignal.timeout(100) }))
  await receiver.waitFor((r) => r.requests[0]?.aborted === true, 2_000)
  t.equal(receiver.delivered().length, 0)
})

t.test('GET / shows what it received as JSON or HTML; POST /_control scripts answers', async (t) => {
  const receiver = await createPlatformReceiver({ secret, t })
  const base = `http://127.0.0.1:${receiver.port}`
  t.equal((await fetch(`${base}/_control`, { method: 'POST', body: JSON.stringify({ status: 500, times: 1 }) })).status, 204)
  t.equal((await post(receiver)).status, 500)
  t.equal((await post(receiver)).status, 200)
  const json = (await (await fetch(`${base}/`, { headers: { accept: 'application/json' } })).json()) as { requests: unknown[]; delivered: unknown[] }
  t.equal(json.requests.length, 2)
  t.equal(json.delivered.length, 1)
  const html = await (await fetch(`${base}/`, { headers: { accept: 'text/html' } })).text()
  t.match(html, /deployment\.requested/)
  t.match(html, /2 callback requests received/)
  t.equal((await fetch(`${base}/_control`, { method: 'POST', body: 'nope' })).status, 400)
})
