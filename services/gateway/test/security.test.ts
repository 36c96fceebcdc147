import { closedPort } from '@gwm/testkit'
import t from 'tap'
import { startVariant, startWithGitHub } from './helpers/gateway.ts'
import { login } from './helpers/login.ts'

const gateway = await startWithGitHub(t, {}, (app) => {
  // Routes like the ones the events API puts behind these decorators.
  app.get('/test/platform', { preHandler: app.requirePlatform }, async (req) => ({ kind: req.principal?.kind }))
  app.get('/test/either', { preHandler: app.requireUserOrPlatform }, async (req) => ({ kind: req.principal?.kind }))
  app.post('/test/either', { preHandler: app.requireUserOrPlatform }, async (req) => ({ kind: req.principal?.kind }))
})
const { app, sim, config } = gateway
const FRONTEND = new URL(config.FRONTEND_URL).origin
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const PLATFORM_TOKEN = config.PLATFORM_API_TOKEN![0]!

t.test('CORS: the frontend may call with credentials, nobody else', async (t) => {
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/api/repos/octocat/hello-world/setup-webhook',
    headers: { origin: FRONTEND, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token,content-type' },
  })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], FRONTEND)
  t.equal(preflight.headers['access-control-allow-credentials'], 'true')
  t.match(String(preflight.headers['access-control-allow-headers']), /x-csrf-token/)
  t.match(String(preflight.headers['access-control-allow-methods']), /DELETE/)

  const simple = await app.inject({ url: '/healthz', headers: { origin: FRONTEND } })
  t.equal(simple.headers['access-control-allow-origin'], FRONTEND)
  t.match(String(simple.headers['access-control-expose-headers']), /etag/)

  for (const origin of ['https://evil.example', 'http://localhost:3001', 'null']) {
    const evil = await app.inject({
      method: 'OPTIONS',
      url: '/api/repos/octocat/hello-world/setup-webhook',
      headers: { origin, 'access-control-request-method': 'POST' },
    })
    t.notOk(evil.headers['access-control-allow-origin'], `${origin}: no Access-Control-Allow-Origin`)
  }
})

t.test('security headers on API answers', async (t) => {
  const res = await app.inject('/auth/session')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.match(String(res.headers['content-security-policy']), /default-src 'none'/)
  t.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/)
  t.equal(res.headers['x-frame-options'], 'SAMEORIGIN')
  t.ok(res.headers['strict-transport-security'])
  t.equal(res.headers['referrer-policy'], 'no-referrer')
})

t.test('every secured route is 401 without a session or the platform token, as JSON', async (t) => {
  const spec = (await app.inject('/openapi.json')).json()
  let checked = 0
  for (const [path, operations] of Object.entries(spec.paths as Record<string, Record<string, { security?: unknown[] }>>)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!operation.security) continue
      const url = path.replace('{owner}', 'octocat').replace('{repo}', 'hello-world').replace(/\{[^}]+\}/g, 'abc123')
      const res = await app.inject({ method: method.toUpperCase() as 'GET', url })
      t.equal(res.statusCode, 401, `${method} ${path}`)
      // A route only the platform may call (its bearer token) says so; the others ask to sign in.
      const forUsers = (operation.security as Array<Record<string, unknown>>).some((requirement) => 'session' in requirement)
      t.match(res.json(), { error: 'unauthorized', message: forUsers ? /sign in/ : /PLATFORM_API_TOKEN/ }, `${method} ${path}`)
      checked += 1
    }
  }
  t.ok(checked >= 11, `${checked} routes checked`)
})

t.test('unknown routes are a JSON 404', async (t) => {
  const res = await app.inject('/api/nothing-here')
  t.equal(res.statusCode, 404)
  t.same(res.json(), { error: 'not_found', message: 'no route for GET /api/nothing-here' })
  t.equal((await app.inject({ method: 'POST', url: '/api/webhook' })).statusCode, 404, 'the ingest\'s route is not served here')
})

t.test('bodies: malformed JSON 400, too large 413, wrong type 415, all JSON', async (t) => {
  const { browser: client, csrfToken } = await login(app, sim, 'octocat')
  const url = '/api/repos/octocat/hello-world/webhook/redeliver-failed'
  const headers = { 'x-csrf-token': csrfToken, 'content-type': 'application/json' }
  const malformed = await client.request({ method: 'POST', url, headers, payload: '{"since": ' })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json(), { error: 'bad_request', message: /JSON/ })
  const huge = await client.request({ method: 'POST', url, headers, payload: JSON.stringify({ since: 'x'.repeat(2 * 1024 * 1024) }) })
  t.equal(huge.statusCode, 413)
  t.match(huge.json(), { error: 'payload_too_large' })
  const text = await client.request({ method: 'POST', url, headers: { ...headers, 'content-type': 'application/xml' }, payload: '<since/>' })
  t.equal(text.statusCode, 415)
  t.match(text.json(), { error: 'unsupported_media_type' })
})

t.test('app.requirePlatform: only Authorization: Bearer PLATFORM_API_TOKEN', async (t) => {
  const ok = await app.inject({ url: '/test/platform', headers: bearer(PLATFORM_TOKEN) })
  t.equal(ok.statusCode, 200)
  t.same(ok.json(), { kind: 'platform' })

  const none = await app.inject('/test/platform')
  t.equal(none.statusCode, 401)
  t.match(none.headers['www-authenticate'], /^Bearer/)
  t.match(none.json(), { error: 'unauthorized', message: /Bearer/ })
  for (const header of [`Bearer ${PLATFORM_TOKEN}x`, 'Bearer wrong', `Basic ${PLATFORM_TOKEN}`, 'Bearer', `bearer  ${'a'.repeat(200)}`]) {
    const res = await app.inject({ url: '/test/platform', headers: { authorization: header } })
    t.equal(res.statusCode, 401, header.slice(0, 12))
    t.equal(res.json().error, 'invalid_token')
  }

  const { browser: client } = await login(app, sim, 'octocat')
  t.equal((await client.request('/test/platform')).statusCode, 401, 'a user session is not the platform')
})

t.test('app.requireUserOrPlatform: a session or the platform token; no CSRF for the token', async (t) => {
  t.equal((await app.inject('/test/either')).statusCode, 401)
  const { browser: client, csrfToken } = await login(app, sim, 'octocat')
  t.same((await client.request('/test/either')).json(), { kind: 'user' })
  t.same((await app.inject({ url: '/test/either', headers: bearer(PLATFORM_TOKEN) })).json(), { kind: 'platform' })

  t.equal((await client.request({ method: 'POST', url: '/test/either' })).statusCode, 403, 'cookie session: CSRF needed')
  t.equal((await client.request({ method: 'POST', url: '/test/either', headers: { 'x-csrf-token': csrfToken } })).statusCode, 200)
  const platform = await app.inject({ method: 'POST', url: '/test/either', headers: bearer(PLATFORM_TOKEN) })
  t.equal(platform.statusCode, 200, 'a bearer token cannot be forged cross-site: no CSRF token needed')
  const wrong = await client.request({ method: 'POST', url: '/test/either', headers: { ...bearer('wrong'), 'x-csrf-token': csrfToken } })
  t.equal(wrong.statusCode, 401, 'a wrong token is not rescued by the cookie')
})

t.test('rate limit: per user or client address, 429 with Retry-After, probes exempt', async (t) => {
  const limited = await startVariant(t, gateway, { RATE_LIMIT_PER_MINUTE: '3', QUEUE_PREFIX: `${config.QUEUE_PREFIX}rl` }, sim.url)
  for (let i = 0; i < 3; i++) t.equal((await limited.inject('/auth/session')).statusCode, 401)
  const over = await limited.inject('/auth/session')
  t.equal(over.statusCode, 429)
  t.match(over.json(), { error: 'rate_limited', message: /at most 3 a minute/ })
  t.ok(Number(over.headers['retry-after']) > 0)
  t.equal(over.headers['x-ratelimit-limit'], '3')
  for (let i = 0; i < 5; i++) t.equal((await limited.inject('/healthz')).statusCode, 200, 'probes are never limited')
  const other = await limited.inject({ url: '/auth/session', remoteAddress: '10.0.0.7' })
  t.equal(other.statusCode, 401, 'another client has its own budget')
  const spoofed = await limited.inject({ url: '/auth/session', headers: { 'x-forwarded-for': '203.0.113.9' } })
  t.equal(spoofed.statusCode, 429, 'X-Forwarded-For is not believed without TRUST_PROXY_HOPS')
})

t.test('rate limit behind a trusted proxy: counted per forwarded client address', async (t) => {
  const proxied = await startVariant(t, gateway, { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY_HOPS: '1', QUEUE_PREFIX: `${config.QUEUE_PREFIX}px` }, sim.url)
  const from = (client: string) => proxied.inject({ url: '/auth/session', headers: { 'x-forwarded-for': client } })
  t.equal((await from('198.51.100.1')).statusCode, 401)
  t.equal((await from('198.51.100.1')).statusCode, 401)
  t.equal((await from('198.51.100.1')).statusCode, 429)
  t.equal((await from('198.51.100.2')).statusCode, 401, 'another client behind the same proxy')
})

t.test('sign-in is limited per client address: AUTH_RATE_LIMIT_MAX a minute on /auth/login and /auth/callback', async (t) => {
  const proxied = await startVariant(t, gateway, { TRUST_PROXY_HOPS: '1', QUEUE_PREFIX: `${config.QUEUE_PREFIX}auth` }, sim.url)
  const from = (client: string, url = '/auth/login') => proxied.inject({ url, headers: { 'x-forwarded-for': client } })
  const logins = []
  for (let i = 0; i < 20; i++) logins.push((await from('198.51.100.20')).statusCode)
  t.same(new Set(logins), new Set([302]), '20 sign-ins from one address')
  const over = await from('198.51.100.20')
  t.equal(over.statusCode, 429, 'the 21st in a minute is refused')
  t.match(over.json(), { error: 'rate_limited', message: /at most 20 a minute/ })
  t.ok(Number(over.headers['retry-after']) > 0)
  t.equal((await from('198.51.100.21')).statusCode, 302, 'another client behind the same proxy still signs in')

  const callbacks = []
  for (let i = 0; i < 21; i++) callbacks.push((await from('198.51.100.22', '/auth/callback?code=c&state=s')).statusCode)
  t.same(callbacks.slice(0, 20).filter((status) => status !== 400), [], 'the callback answers 20 times')
  t.equal(callbacks[20], 429, 'then it is limited too')

  const tuned = await startVariant(t, gateway, { AUTH_RATE_LIMIT_MAX: '2', QUEUE_PREFIX: `${config.QUEUE_PREFIX}auth2` }, sim.url)
  t.equal((await tuned.inject('/auth/login')).statusCode, 302)
  t.equal((await tuned.inject('/auth/login')).statusCode, 302)
  t.equal((await tuned.inject('/auth/login')).statusCode, 429, 'AUTH_RATE_LIMIT_MAX sets the budget')
})

t.test('PLATFORM_API_TOKEN=new,old: both are accepted during a rotation, nothing else', async (t) => {
  const newToken = `new-platform-token-${'n'.repeat(24)}`
  const oldToken = `old-platform-token-${'o'.repeat(30)}`
  const rotating = await startVariant(t, gateway, { PLATFORM_API_TOKEN: `${newToken},${oldToken}`, QUEUE_PREFIX: `${config.QUEUE_PREFIX}rot` })
  rotating.get('/test/platform', { preHandler: rotating.requirePlatform }, async () => ({ kind: 'platform' }))
  const as = (token: string) => rotating.inject({ url: '/test/platform', headers: bearer(token) })
  t.equal((await as(newToken)).statusCode, 200, 'the new token')
  t.equal((await as(oldToken)).statusCode, 200, 'the old token')
  const wrong: Array<[string, string]> = [
    ['the two as one', `${newToken},${oldToken}`],
    ['a prefix of the new token', newToken.slice(0, -1)],
    ['a prefix of the old token', oldToken.slice(0, 20)],
    ['the new token and more', `${newToken}x`],
    ['a token of another length', 'x'.repeat(64)],
    ['a token of the same length', 'x'.repeat(newToken.length)],
  ]
  for (const [what, token] of wrong) {
    const res = await as(token)
    t.equal(res.statusCode, 401, what)
    t.equal(res.json().error, 'invalid_token', what)
  }
  const dropped = await startVariant(t, gateway, { PLATFORM_API_TOKEN: newToken, QUEUE_PREFIX: `${config.QUEUE_PREFIX}rot2` })
  dropped.get('/test/platform', { preHandler: dropped.requirePlatform }, async () => ({ kind: 'platform' }))
  t.equal((await dropped.inject({ url: '/test/platform', headers: bearer(oldToken) })).statusCode, 401, 'old dropped: refused')
})

t.test('PLATFORM_API_TOKEN unset: platform access is off', async (t) => {
  const off = await startVariant(t, gateway, { PLATFORM_API_TOKEN: '', QUEUE_PREFIX: `${config.QUEUE_PREFIX}off` })
  off.get('/test/platform', { preHandler: off.requirePlatform }, async () => ({ kind: 'platform' }))
  const res = await off.inject({ url: '/test/platform', headers: bearer(PLATFORM_TOKEN) })
  t.equal(res.statusCode, 401)
  t.match(res.json().message, /PLATFORM_API_TOKEN is not configured/)
})

t.test('Redis unreachable: sign-in and webhook changes answer 503, reads still work', async (t) => {
  const { browser: client, csrfToken } = await login(app, sim, 'octocat')
  const down = await startVariant(t, gateway, {
    REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
    SESSION_KEY: config.SESSION_KEY.map((key) => key.toString('hex')).join(','),
  }, sim.url, { redisUp: false })
  const signIn = await down.inject('/auth/login')
  t.equal(signIn.statusCode, 503)
  t.match(signIn.json(), { error: 'unavailable', message: /Redis unreachable/ })
  const cookies = Object.fromEntries(client.cookies)
  const setup = await down.inject({ method: 'POST', url: '/api/repos/octocat/hello-world/setup-webhook', cookies, headers: { 'x-csrf-token': csrfToken } })
  t.equal(setup.statusCode, 503)
  t.match(setup.json(), { error: 'unavailable', message: /webhook changes are unavailable/ })
  t.same(sim.control.hooks('octocat/hello-world'), [], 'nothing half-done on GitHub')
  const profile = await down.inject({ url: '/user/profile', cookies })
  t.equal(profile.statusCode, 200, 'what needs no Redis keeps working')
  t.equal((await down.inject('/readyz')).statusCode, 503)
})
