import { randomBytes } from 'node:crypto'
import { User } from '@gwm/domain'
import t from 'tap'
import { browser } from './helpers/browser.ts'
import { keysContaining, rowsContaining } from './helpers/find-text.ts'
import { startVariant, startWithGitHub } from './helpers/gateway.ts'
import { login, startLogin } from './helpers/login.ts'

const gateway = await startWithGitHub(t)
const { app, sim, config, orm, redis, logs } = gateway
const SESSION = 'gwm_session'

const signedOut = async (client: ReturnType<typeof browser>) => (await client.request('/auth/session')).statusCode === 401

t.test('GET /auth/login redirects to GitHub with state and a PKCE S256 challenge', async (t) => {
  const res = await app.inject('/auth/login')
  t.equal(res.statusCode, 302)
  const location = new URL(String(res.headers.location))
  t.equal(`${location.origin}${location.pathname}`, `${sim.url}/login/oauth/authorize`)
  const params = location.searchParams
  t.equal(params.get('client_id'), 'gwm-local-client')
  t.equal(params.get('redirect_uri'), config.REDIRECT_URI)
  t.equal(params.get('scope'), 'read:user user:email repo admin:repo_hook')
  t.match(params.get('state'), /^[\w-]{32}$/)
  t.equal(params.get('code_challenge_method'), 'S256')
  t.match(params.get('code_challenge'), /^[\w-]{43}$/)
  const session = res.cookies.find((cookie) => cookie.name === SESSION)
  t.ok(session, 'the state is kept in the encrypted session')
  t.equal(session?.httpOnly, true)
  t.equal(session?.sameSite, 'Lax')
  t.equal(session?.path, '/')
  t.notOk(session?.secure, 'plain http in tests: no Secure flag (it is set for https URLs)')
  t.equal(session?.maxAge, config.SESSION_MAX_AGE_S, 'bounded lifetime')
  t.ok(res.cookies.find((cookie) => cookie.name === 'oauth2-code-verifier')?.httpOnly, 'the PKCE verifier stays in an httpOnly cookie')
})

t.test('served over https: Secure cookies with the __Host- prefix', async (t) => {
  const https = await startVariant(t, gateway, { REDIRECT_URI: 'https://gateway.example/auth/callback', QUEUE_PREFIX: `${config.QUEUE_PREFIX}tls` }, sim.url)
  const res = await https.inject('/auth/login')
  t.equal(res.statusCode, 302)
  for (const name of ['__Host-gwm_session', '__Host-oauth2-code-verifier', '__Host-oauth2-redirect-state']) {
    const cookie = res.cookies.find((candidate) => candidate.name === name)
    t.ok(cookie, `${name} set`)
    t.equal(cookie?.secure, true, `${name} is Secure`)
    t.equal(cookie?.path, '/', `${name} is for the whole host`)
    t.notOk(cookie?.domain, `${name} names no domain`)
  }
  t.notOk(res.cookies.some((cookie) => cookie.name === SESSION), 'no unprefixed session cookie')
})

t.test('the whole sign-in through GitHub: account created, token only in the cookie', async (t) => {
  const signedIn = await login(app, sim, 'octocat')
  t.equal(signedIn.landedOn, config.FRONTEND_URL, 'back to the frontend')

  const session = await signedIn.browser.request('/auth/session')
  t.equal(session.statusCode, 200)
  const body = session.json()
  t.match(body.user, { id: signedIn.userId, githubId: 583231, login: 'octocat' })
  t.equal(session.headers['cache-control'], 'no-store')
  const expiresIn = Date.parse(body.expiresAt) - Date.now()
  t.ok(expiresIn > 0 && expiresIn <= config.SESSION_MAX_AGE_S * 1000, 'expires within SESSION_MAX_AGE_S')

  const user = await orm.em.fork().findOneOrFail(User, { githubId: 583231 })
  t.equal(user.id, signedIn.userId)
  t.ok(user.lastLoginAt, 'last login recorded')
  const job = await app.queues.events.getJob('user-provisioned-583231')
  t.same(job?.data, { userId: user.id, githubId: 583231, login: 'octocat' }, 'the platform is told about the new account')

  // The cookie holds the real token: decrypt it with the app's own key and use it on GitHub.
  const data = app.decodeSecureSession(signedIn.browser.cookies.get(SESSION)!)
  const token = data?.get('githubToken') as string
  t.match(token, /^gho_/)
  const me = await fetch(`${sim.apiUrl}/user`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(((await me.json()) as { login: string }).login, 'octocat', 'the session token is the one GitHub issued')
  t.notOk(signedIn.browser.cookieHeader().includes(token), 'the cookie is encrypted')

  t.same(await rowsContaining(orm, token), [], 'the token is in no Postgres row')
  t.same(await keysContaining(redis.client, token, redis.prefix), [], 'the token is in no Redis key or value')
  t.notOk(logs.some((line) => line.includes(token)), 'the token is in no log line')
  t.notOk(logs.some((line) => line.includes(config.CLIENT_SECRET)), 'the client secret is in no log line')
  const code = new URL(`http://x${(await startLogin(app, sim, 'octocat')).callbackPath}`).searchParams.get('code')!
  await app.inject(`/auth/callback?code=${code}&state=nope`)
  t.notOk(logs.some((line) => line.includes(code)), 'OAuth codes are redacted from request logs')
})

t.test('a second sign-in finds the account and queues nothing new', async (t) => {
  const first = await login(app, sim, 'monalisa')
  const second = await login(app, sim, 'monalisa')
  t.equal(second.userId, first.userId)
  t.equal(await orm.em.fork().count(User, { githubId: 583233 }), 1)
  const jobs = await app.queues.events.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])
  t.equal(jobs.filter((job) => job.name === 'user-provisioned' && job.data.githubId === 583233).length, 1)
})

t.test('redirect after sign-in: a path on the frontend is honoured', async (t) => {
  const signedIn = await login(app, sim, 'octocat', '?redirect=%2Frepos%3Ftab%3Dall')
  t.equal(signedIn.landedOn, `${config.FRONTEND_URL}/repos?tab=all`)
})

t.test('redirect after sign-in: anywhere else is refused (no open redirect)', async (t) => {
  for (const target of ['https://evil.example/', '//evil.example/x', 'http://localhost:3001/', '/\\evil.example', 'javascript:alert(1)']) {
    const res = await app.inject(`/auth/login?redirect=${encodeURIComponent(target)}`)
    t.equal(res.statusCode, 400, target)
    t.match(res.json(), { error: 'validation_failed', message: /querystring\/redirect must stay on FRONTEND_URL/ })
  }
})

t.test('denied consent: back to the frontend with an error code, signed out', async (t) => {
  sim.control.setAuthorizeDecision('deny')
  t.teardown(() => sim.control.setAuthorizeDecision('approve'))
  const { client, callbackPath } = await startLogin(app, sim, 'octocat')
  t.match(callbackPath, /error=access_denied/)
  const res = await client.request(callbackPath)
  t.equal(res.statusCode, 302)
  t.equal(res.headers.location, `${config.FRONTEND_URL}/?login_error=access_denied`)
  t.ok(await signedOut(client))
})

t.test('callback without code or state: 400 naming the field', async (t) => {
  const { client, callbackPath } = await startLogin(app, sim, 'octocat')
  const query = new URL(`http://x${callbackPath}`).searchParams
  const noCode = await client.request(`/auth/callback?state=${query.get('state')}`)
  t.equal(noCode.statusCode, 400)
  t.match(noCode.json(), { error: 'validation_failed', message: /querystring\/code is missing/ })
  const noState = await client.request(`/auth/callback?code=${query.get('code')}`)
  t.equal(noState.statusCode, 400)
  t.match(noState.json(), { error: 'validation_failed', message: /querystring\/state is missing/ })
  const tooLong = await client.request(`/auth/callback?code=${'x'.repeat(600)}&state=s`)
  t.equal(tooLong.statusCode, 400)
  t.match(tooLong.json().message, /querystring\/code/)
  t.ok(await signedOut(client))
})

t.test('callback with a state that is not this browser\'s: 400, no session', async (t) => {
  const { client, callbackPath } = await startLogin(app, sim, 'octocat')
  const tampered = callbackPath.replace(/state=[^&]+/, 'state=forged-state-value')
  const res = await client.request(tampered)
  t.equal(res.statusCode, 400)
  t.match(res.json(), { error: 'invalid_state', message: /does not match/ })
  t.ok(await signedOut(client))

  // The same callback URL opened in another browser (no session cookie from /auth/login).
  const other = browser(app)
  const elsewhere = await other.request(callbackPath)
  t.equal(elsewhere.statusCode, 400)
  t.match(elsewhere.json(), { error: 'invalid_state', message: /no sign-in was started in this browser/ })
  t.ok(await signedOut(other))
})

t.test('a state works once: replaying the callback is refused', async (t) => {
  const { client, callbackPath } = await startLogin(app, sim, 'octocat')
  const before = new Map(client.cookies)
  t.equal((await client.request(callbackPath)).statusCode, 302)
  const replay = browser(app, Object.fromEntries(before))
  const res = await replay.request(callbackPath)
  t.equal(res.statusCode, 400)
  t.match(res.json(), { error: 'invalid_state', message: /already completed/ })
  t.ok(await signedOut(replay))
})

t.test('GitHub refusing the code (wrong PKCE verifier): 401, no session', async (t) => {
  const { client, callbackPath } = await startLogin(app, sim, 'octocat')
  client.cookies.set('oauth2-code-verifier', randomBytes(32).toString('base64url'))
  const res = await client.request(callbackPath)
  t.equal(res.statusCode, 401)
  t.match(res.json(), { error: 'oauth_code_rejected', message: /sign in again/ })
  t.ok(await signedOut(client))
})

t.test('GitHub down while reading the profile: 502 with a clear message, no session', async (t) => {
  const { client, callbackPath } = await startLogin(app, sim, 'octocat')
  sim.control.setOutage({ status: 503 })
  t.teardown(() => sim.control.setOutage(null))
  const res = await client.request(callbackPath)
  t.equal(res.statusCode, 502)
  t.match(res.json(), { error: 'github_unavailable', message: /GitHub is unavailable/ })
  sim.control.setOutage(null)
  t.ok(await signedOut(client))
})

t.test('logout needs the CSRF token, then ends the session', async (t) => {
  const { browser: client, csrfToken } = await login(app, sim, 'octocat')
  const forged = await client.request({ method: 'POST', url: '/auth/logout' })
  t.equal(forged.statusCode, 403)
  t.match(forged.json(), { error: 'csrf_invalid', message: /x-csrf-token/ })
  t.notOk(await signedOut(client), 'still signed in')
  const wrong = await client.request({ method: 'POST', url: '/auth/logout', headers: { 'x-csrf-token': 'not-the-token' } })
  t.equal(wrong.statusCode, 403)

  const res = await client.request({ method: 'POST', url: '/auth/logout', headers: { 'x-csrf-token': csrfToken } })
  t.equal(res.statusCode, 204)
  t.equal(res.cookies.find((cookie) => cookie.name === SESSION)?.maxAge, 0, 'cookie cleared')
  t.ok(await signedOut(client))
  const again = await client.request({ method: 'POST', url: '/auth/logout', headers: { 'x-csrf-token': csrfToken } })
  t.equal(again.statusCode, 401)
})

t.test('logout ends the session everywhere: a copy of the cookie is refused, the GitHub token revoked', async (t) => {
  const { browser: client, csrfToken } = await login(app, sim, 'octocat')
  const copy = browser(app, Object.fromEntries(client.cookies))
  const token = app.decodeSecureSession(client.cookies.get(SESSION)!)!.get('githubToken') as string
  t.equal((await copy.request('/auth/session')).statusCode, 200, 'the copy works while signed in')

  t.equal((await client.request({ method: 'POST', url: '/auth/logout', headers: { 'x-csrf-token': csrfToken } })).statusCode, 204)
  const copied = await copy.request('/auth/session')
  t.equal(copied.statusCode, 401, 'the copy made before logout is signed out too')
  t.match(copied.json(), { error: 'unauthorized', message: /sign in/ })
  const write = await copy.request({ method: 'POST', url: '/api/repos/octocat/hello-world/setup-webhook', headers: { 'x-csrf-token': csrfToken } })
  t.equal(write.statusCode, 401, 'and may change nothing')
  t.ok(sim.control.tokenRevoked(token), 'GitHub was asked to revoke the token')
  const me = await fetch(`${sim.apiUrl}/user`, { headers: { authorization: `Bearer ${token}` } })
  t.equal(me.status, 401, 'GitHub no longer accepts it')
  t.equal((await login(app, sim, 'octocat')).landedOn, config.FRONTEND_URL, 'signing in again works')
})

t.test('logout with GitHub down: the session still ends', async (t) => {
  const { browser: client, csrfToken } = await login(app, sim, 'octocat')
  const copy = browser(app, Object.fromEntries(client.cookies))
  sim.control.setOutage({ status: 503 })
  t.teardown(() => sim.control.setOutage(null))
  t.equal((await client.request({ method: 'POST', url: '/auth/logout', headers: { 'x-csrf-token': csrfToken } })).statusCode, 204)
  sim.control.setOutage(null)
  t.equal((await copy.request('/auth/session')).statusCode, 401)
  t.ok(logs.some((line) => line.includes('could not revoke')), 'the failed revocation is logged')
})

t.test('a session sealed without a session id (before sign-out everywhere) is no session', async (t) => {
  const { browser: client } = await login(app, sim, 'octocat')
  const data = app.decodeSecureSession(client.cookies.get(SESSION)!)!
  data.set('sid', undefined)
  const res = await browser(app, { [SESSION]: app.encodeSecureSession(data) }).request('/auth/session')
  t.equal(res.statusCode, 401)
})

t.test('a sign-in error whose state is not the pending login\'s signs nobody out', async (t) => {
  const { browser: client } = await login(app, sim, 'octocat')
  for (const query of ['error=access_denied&state=wrong', 'error=access_denied', 'error=server_error&state=']) {
    const res = await client.request(`/auth/callback?${query}`)
    t.equal(res.statusCode, 400, query)
    t.match(res.json(), { error: 'invalid_state' }, query)
    t.notOk(res.cookies.some((cookie) => cookie.name === SESSION), `${query}: the session cookie is left alone`)
    t.notOk(await signedOut(client), `${query}: still signed in`)
  }
  // A sign-in started in this browser and then denied on another: its state does not match either.
  const { callbackPath } = await startLogin(app, sim, 'octocat', client)
  const forged = await client.request(`/auth/callback?error=access_denied&state=${encodeURIComponent('not-' + new URL(`http://x${callbackPath}`).searchParams.get('state'))}`)
  t.equal(forged.statusCode, 400)
  t.notOk(await signedOut(client), 'still signed in')
})

t.test('a session older than SESSION_MAX_AGE_S is over', async (t) => {
  const { browser: client } = await login(app, sim, 'octocat')
  const data = app.decodeSecureSession(client.cookies.get(SESSION)!)!
  data.set('loginAt', Math.floor(Date.now() / 1000) - config.SESSION_MAX_AGE_S - 1)
  const old = browser(app, { [SESSION]: app.encodeSecureSession(data) })
  const res = await old.request('/auth/session')
  t.equal(res.statusCode, 401)
  t.match(res.json(), { error: 'unauthorized', message: /sign in/ })
  t.equal(res.cookies.find((cookie) => cookie.name === SESSION)?.maxAge, 0, 'the stale cookie is cleared')
})

t.test('a cookie that is not ours is no session', async (t) => {
  for (const value of ['garbage', 'YWJj;ZGVm', `${randomBytes(64).toString('base64')};${randomBytes(24).toString('base64')}`]) {
    const res = await browser(app, { [SESSION]: value }).request('/auth/session')
    t.equal(res.statusCode, 401, value.slice(0, 10))
  }
})

t.test('SESSION_KEY rotation: new,old keeps sessions; dropping old ends them', async (t) => {
  const { browser: client } = await login(app, sim, 'octocat')
  const oldKey = config.SESSION_KEY[0]!.toString('hex')
  const newKey = randomBytes(32).toString('hex')
  const rotated = await startVariant(t, gateway, { SESSION_KEY: `${newKey},${oldKey}` }, sim.url)
  const dropped = await startVariant(t, gateway, { SESSION_KEY: newKey }, sim.url)
  const cookie = { [SESSION]: client.cookies.get(SESSION)! }
  const res = await rotated.inject({ url: '/auth/session', cookies: cookie })
  t.equal(res.statusCode, 200, 'a session sealed with the old key still works')
  const resealed = res.cookies.find((c) => c.name === SESSION)
  t.ok(resealed, 're-sealed with the new key on the way out')
  t.equal((await dropped.inject({ url: '/auth/session', cookies: { [SESSION]: resealed!.value } })).statusCode, 200)
  t.equal((await dropped.inject({ url: '/auth/session', cookies: cookie })).statusCode, 401, 'old key removed: old cookies end')
})
