import type { InjectOptions } from 'fastify'
import t from 'tap'
import { seedEvent } from './helpers/events.ts'
import { startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'

// The POST routes that take no body accept a request without one, `{}`, and an empty body
// whatever it is labelled as. Anything else is refused: see the bodies in bad-input.test.ts.
const { app, sim, orm } = await startWithGitHub(t)

const EMPTY: Array<[string, Pick<InjectOptions, 'headers' | 'payload'>]> = [
  ['no body', {}],
  ['{}', { headers: { 'content-type': 'application/json' }, payload: '{}' }],
  ['an empty body labelled application/json', { headers: { 'content-type': 'application/json' }, payload: '' }],
  ["fetch's body: '' (text/plain)", { headers: { 'content-type': 'text/plain;charset=UTF-8' }, payload: '' }],
  ["curl -d '' (a form)", { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' }],
]

t.test('logout', async (t) => {
  for (const [what, options] of EMPTY) {
    const { browser, csrfToken } = await login(app, sim, 'octocat')
    const res = await browser.request({ method: 'POST', url: '/auth/logout', ...options, headers: { ...options.headers, 'x-csrf-token': csrfToken } })
    t.equal(res.statusCode, 204, `${what}: ${res.statusCode === 204 ? 'signed out' : res.body}`)
  }
})

t.test('replay', async (t) => {
  const octocat = await login(app, sim, 'octocat')
  const event = await seedEvent(orm, { repo: 'octocat/hello-world', requests: [{ status: 'failed', attempts: [400] }] })
  for (const [what, options] of EMPTY) {
    const res = await octocat.browser.request({ method: 'POST', url: `/api/events/${event.deliveryId}/replay`, ...options, headers: { ...options.headers, 'x-csrf-token': octocat.csrfToken } })
    t.equal(res.statusCode, 202, `${what}: ${res.statusCode === 202 ? 'replayed' : res.body}`)
  }
})

t.test('an empty body labelled JSON is no body on the other routes too', async (t) => {
  const octocat = await login(app, sim, 'octocat')
  const post = (url: string) => octocat.browser.request({ method: 'POST', url, headers: { 'content-type': 'application/json', 'x-csrf-token': octocat.csrfToken }, payload: '' })
  t.equal((await post('/api/repos/octocat/hello-world/setup-webhook')).statusCode, 201, 'setup-webhook (takes none)')
  t.equal((await post('/api/repos/octocat/hello-world/webhook/redeliver-failed')).statusCode, 200, 'redeliver-failed (optional body)')
})

t.test("over HTTP: fetch's body '' (Content-Length: 0) signs out", async (t) => {
  const { browser, csrfToken } = await login(app, sim, 'octocat')
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const res = await fetch(`${address}/auth/logout`, { method: 'POST', body: '', headers: { cookie: browser.cookieHeader(), 'x-csrf-token': csrfToken } })
  t.equal(res.status, 204, res.status === 204 ? 'signed out' : await res.text())
})
