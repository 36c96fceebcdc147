import { randomBytes, randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import t, { type Test } from 'tap'
import { seedConnection, seedEvent } from './helpers/events.ts'
import { startVariant, startWithGitHub } from './helpers/gateway.ts'
import { login, type SignedIn, startLogin } from './helpers/login.ts'
import { startReceiver } from './helpers/receiver.ts'

/**
 * Every hostile input the gateway is tried with, one row each, and the status (and error
 * code) it must get. Around every row: no 5xx, no stack trace, no redirect off the frontend
 * or GitHub, nobody signed in who was not, and nothing changed — no row, no hook or secret on
 * GitHub, no deployment request — and, unless the row says GitHub must be asked (to learn a
 * permission), not a single GitHub API call.
 */
const receiver = await startReceiver(t)
const gateway = await startWithGitHub(t, { WEBHOOK_URL: receiver.url, RATE_LIMIT_PER_MINUTE: '1000000' })
const { app, sim, config, orm, redis } = gateway
const SESSION = 'gwm_session'
const FRONTEND = new URL(config.FRONTEND_URL).origin
const REPOS = ['octocat/hello-world', 'octocat/private-notes', 'octocat/empty-repo', 'octo-org/platform', 'hubot/scripts']

const octocat = await login(app, sim, 'octocat')
const hubot = await login(app, sim, 'hubot')
const monalisa = await login(app, sim, 'monalisa')
const HELLO = '/api/repos/octocat/hello-world'
/** Connected too, for the rows that would change a hook if they were (wrongly) accepted. */
const EMPTY = '/api/repos/octocat/empty-repo'

// octocat's repositories, connected, with an event whose callback failed: what the others go after.
for (const repo of [HELLO, EMPTY]) {
  const setup = await app.inject({ method: 'POST', url: `${repo}/setup-webhook`, cookies: Object.fromEntries(octocat.browser.cookies), headers: { 'x-csrf-token': octocat.csrfToken } })
  if (setup.statusCode !== 201) throw new Error(`setup-webhook answered ${setup.statusCode}: ${setup.body}`)
}
await sim.control.idle()
const octocatsEvent = await seedEvent(orm, { repo: 'octocat/hello-world', requests: [{ status: 'failed', attempts: [400] }] })
// monalisa connected octo-org/platform once; GitHub no longer lets her see it.
await seedConnection(orm, 'octo-org/platform', monalisa.userId)
const formerlyMonalisas = await seedEvent(orm, { repo: 'octo-org/platform', requests: [{ status: 'failed', attempts: [400] }] })

/** A request with someone's session cookies (a copy: a row never changes their browser). */
function as(who: SignedIn | null, opts: InjectOptions, csrf: string | null = who?.csrfToken ?? null): Promise<LightMyRequestResponse> {
  return app.inject({
    ...opts,
    cookies: { ...(who ? Object.fromEntries(who.browser.cookies) : {}), ...(opts.cookies ?? {}) },
    headers: { ...(csrf === null ? {} : { 'x-csrf-token': csrf }), ...(opts.headers ?? {}) },
  })
}
const sessionCookie = (who: SignedIn) => who.browser.cookies.get(SESSION)!

/** What the rows look at in an answer, from app.inject or from real HTTP. */
type Answer = Pick<LightMyRequestResponse, 'statusCode' | 'headers' | 'body' | 'json' | 'cookies'>

// Over real HTTP the request target reaches the router exactly as sent: app.inject, like a
// browser, would first resolve "." and ".." segments.
await app.listen({ port: 0, host: '127.0.0.1' })
const port = (app.server.address() as AddressInfo).port
function overHttp(who: SignedIn | null, method: string, path: string): Promise<Answer> {
  const headers = who ? { cookie: who.browser.cookieHeader(), 'x-csrf-token': who.csrfToken } : {}
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body), cookies: [] })
      })
    })
    req.on('error', reject)
    req.end()
  })
}
const globEscape = (text: string) => text.replace(/[*?[\]{}\\]/g, '\\$&')

/** The ingest's hook-secret registry, sealed values and all (sealing is randomized: any write shows). */
async function publishedSecrets() {
  const keys = (await redis.client.keys(`${globEscape(redis.prefix)}:hook-secret:*`)).sort()
  const pipeline = redis.client.pipeline()
  for (const key of keys) pipeline.hgetall(key)
  return JSON.stringify([keys, await pipeline.exec()])
}

const TABLES = ['users', 'webhooks', 'repositories', 'deployment_requests']
const ROWS = `select ${TABLES.map((table) => `(select string_agg(t::text, '|' order by t.id) from ${table} t) as ${table}`).join(', ')}`

/** Everything a rejected request must leave as it was: every row of these tables, in one query. */
async function snapshot() {
  const [rows] = await orm.em.getConnection().execute<Array<Record<string, string | null>>>(ROWS)
  return {
    rows,
    hooksOnGitHub: JSON.stringify(REPOS.map((repo) => sim.control.hooks(repo))),
    publishedSecrets: await publishedSecrets(),
    githubCalls: sim.control.stats().requests,
  }
}

interface Case {
  name: string
  /** Setup the row needs (a login in progress, a tampered cookie), before the snapshot. */
  prepare?: () => Promise<unknown>
  send: (prepared: never) => Promise<Answer>
  expect: { status: number; error?: string; message?: RegExp }
  /** Who the request is made as: the session it answers may belong to them and nobody else. */
  caller?: SignedIn
  /** GitHub is asked (permissions, visibility): calls allowed, changes still not. */
  asksGitHub?: boolean
  /** More checks on the answer. */
  check?: (t: Test, res: Answer) => unknown
}

const cases: Case[] = []
const add = (...rows: Case[]) => cases.push(...rows)

// ---------------------------------------------------------------- OAuth state and PKCE
type Started = Awaited<ReturnType<typeof startLogin>>
const callbackQuery = (path: string) => new URL(`http://x${path}`).searchParams
add(
  {
    name: 'callback without state',
    prepare: () => startLogin(app, sim, 'octocat'),
    send: ({ client, callbackPath }: Started) => client.request(`/auth/callback?code=${callbackQuery(callbackPath).get('code')}`),
    expect: { status: 400, error: 'validation_failed', message: /querystring\/state is missing/ },
  },
  {
    name: 'callback without code',
    prepare: () => startLogin(app, sim, 'octocat'),
    send: ({ client, callbackPath }: Started) => client.request(`/auth/callback?state=${callbackQuery(callbackPath).get('state')}`),
    expect: { status: 400, error: 'validation_failed', message: /querystring\/code is missing/ },
  },
  {
    name: 'callback with a forged state',
    prepare: () => startLogin(app, sim, 'octocat'),
    send: ({ client, callbackPath }: Started) => client.request(callbackPath.replace(/state=[^&]+/, 'state=forged-state-value')),
    expect: { status: 400, error: 'invalid_state', message: /does not match/ },
  },
  {
    name: 'callback with the state of another browser\'s sign-in',
    prepare: async () => ({ mine: await startLogin(app, sim, 'octocat'), theirs: await startLogin(app, sim, 'hubot') }),
    send: ({ mine, theirs }: { mine: Started; theirs: Started }) => mine.client.request(theirs.callbackPath),
    expect: { status: 400, error: 'invalid_state', message: /does not match/ },
  },
  {
    name: 'callback in a browser that started no sign-in',
    prepare: () => startLogin(app, sim, 'octocat'),
    send: ({ callbackPath }: Started) => app.inject(callbackPath),
    expect: { status: 400, error: 'invalid_state', message: /no sign-in was started in this browser/ },
  },
  {
    name: 'callback replayed after it succeeded (state reused)',
    prepare: async () => {
      const started = await startLogin(app, sim, 'octocat')
      const before = Object.fromEntries(started.client.cookies)
      const done = await started.client.request(started.callbackPath)
      if (done.statusCode !== 302) throw new Error(`first callback answered ${done.statusCode}`)
      return { before, callbackPath: started.callbackPath }
    },
    send: ({ before, callbackPath }: { before: Record<string, string>; callbackPath: string }) => app.inject({ url: callbackPath, cookies: before }),
    expect: { status: 400, error: 'invalid_state', message: /already completed/ },
  },
  {
    name: 'callback after the sign-in expired (over 10 minutes)',
    prepare: async () => {
      const started = await startLogin(app, sim, 'octocat')
      const data = app.decodeSecureSession(started.client.cookies.get(SESSION)!)!
      data.set('oauth', { ...data.get('oauth')!, startedAt: Date.now() - 11 * 60_000 })
      started.client.cookies.set(SESSION, app.encodeSecureSession(data))
      return started
    },
    send: ({ client, callbackPath }: Started) => client.request(callbackPath),
    expect: { status: 400, error: 'invalid_state', message: /took too long/ },
  },
  {
    name: 'callback with the state twice',
    prepare: () => startLogin(app, sim, 'octocat'),
    send: ({ client, callbackPath }: Started) => client.request(`${callbackPath}&state=second`),
    expect: { status: 400, error: 'validation_failed', message: /querystring\/state/ },
  },
  {
    name: 'callback with a 600-character state',
    prepare: () => startLogin(app, sim, 'octocat'),
    send: ({ client, callbackPath }: Started) => client.request(callbackPath.replace(/state=[^&]+/, `state=${'s'.repeat(600)}`)),
    expect: { status: 400, error: 'validation_failed', message: /querystring\/state/ },
  },
  {
    name: 'callback with a wrong PKCE verifier',
    prepare: async () => {
      const started = await startLogin(app, sim, 'octocat')
      started.client.cookies.set('oauth2-code-verifier', randomBytes(32).toString('base64url'))
      return started
    },
    send: ({ client, callbackPath }: Started) => client.request(callbackPath),
    expect: { status: 401, error: 'oauth_code_rejected' },
  },
  {
    name: 'callback without the PKCE verifier cookie',
    prepare: async () => {
      const started = await startLogin(app, sim, 'octocat')
      started.client.cookies.delete('oauth2-code-verifier')
      return started
    },
    send: ({ client, callbackPath }: Started) => client.request(callbackPath),
    expect: { status: 401, error: 'oauth_code_rejected' },
  },
  {
    name: 'callback with a code issued to another OAuth app',
    prepare: async () => {
      const otherId = `other-client-${randomUUID()}`
      sim.control.addOAuthApp({ clientId: otherId, clientSecret: 'other-client-secret', redirectUris: [config.REDIRECT_URI] })
      const started = await startLogin(app, sim, 'octocat')
      const authorize = new URL(started.authorize)
      authorize.searchParams.set('client_id', otherId)
      const back = (await fetch(authorize, { redirect: 'manual' })).headers.get('location')!
      return { client: started.client, callbackPath: `${new URL(back).pathname}${new URL(back).search}` }
    },
    send: ({ client, callbackPath }: Started) => client.request(callbackPath),
    expect: { status: 401, error: 'oauth_code_rejected' },
  },
  {
    name: 'callback with a code that was already exchanged',
    prepare: async () => {
      const first = await startLogin(app, sim, 'octocat')
      await first.client.request(first.callbackPath)
      const second = await startLogin(app, sim, 'octocat')
      const used = callbackQuery(first.callbackPath).get('code')!
      return { client: second.client, callbackPath: second.callbackPath.replace(/code=[^&]+/, `code=${used}`) }
    },
    send: ({ client, callbackPath }: Started) => client.request(callbackPath),
    expect: { status: 401, error: 'oauth_code_rejected' },
  },
  {
    name: 'callback with a made-up code',
    prepare: () => startLogin(app, sim, 'octocat'),
    send: ({ client, callbackPath }: Started) => client.request(callbackPath.replace(/code=[^&]+/, 'code=..%2F..%2Fuser')),
    expect: { status: 401, error: 'oauth_code_rejected' },
  },
  {
    name: 'callback with error=access_denied',
    prepare: () => startLogin(app, sim, 'octocat'),
    send: ({ client, callbackPath }: Started) => client.request(`/auth/callback?error=access_denied&state=${callbackQuery(callbackPath).get('state')}`),
    expect: { status: 302 },
    check: (t, res) => t.equal(res.headers.location, `${config.FRONTEND_URL}/?login_error=access_denied`, 'back to the frontend, signed out'),
  },
  {
    name: 'callback with error=access_denied and a forged state',
    prepare: () => startLogin(app, sim, 'octocat'),
    send: ({ client }: Started) => client.request('/auth/callback?error=access_denied&state=forged'),
    expect: { status: 400, error: 'invalid_state', message: /not for the sign-in started in this browser/ },
  },
  {
    name: 'callback with an unknown error and a script in it',
    send: () => app.inject(`/auth/callback?error=${encodeURIComponent('<script>alert(1)</script>')}&error_description=x`),
    expect: { status: 400, error: 'invalid_state' },
    check: (t, res) => t.notMatch(res.body, /<script>/, 'nothing of the error is echoed'),
  },
  {
    name: 'callback with error=access_denied sent to a signed-in user from another site (state forged)',
    caller: octocat,
    send: () => as(octocat, { url: '/auth/callback?error=access_denied&state=forged' }),
    expect: { status: 400, error: 'invalid_state' },
    check: (t, res) => t.notOk(res.cookies.some((cookie) => cookie.name === SESSION), 'the session cookie is left alone'),
  },
  {
    name: 'callback with error=access_denied and no state, to a signed-in user',
    caller: octocat,
    send: () => as(octocat, { url: '/auth/callback?error=access_denied' }),
    expect: { status: 400, error: 'invalid_state' },
  },
)

// ---------------------------------------------------------------- the session cookie
const flipAt = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1)
const reseal = (who: SignedIn, change: (data: NonNullable<ReturnType<typeof app.decodeSecureSession>>) => void) => {
  const data = app.decodeSecureSession(sessionCookie(who))!
  change(data)
  return app.encodeSecureSession(data)
}
const rotatedOut = await startVariant(t, gateway, { SESSION_KEY: randomBytes(32).toString('hex'), QUEUE_PREFIX: `${config.QUEUE_PREFIX}old` })
const cookieRows: Array<[string, () => string, RegExp?]> = [
  ['session cookie with a byte flipped in the ciphertext', () => flipAt(sessionCookie(octocat), 10)],
  ['session cookie with a byte flipped in the nonce', () => { const [box, nonce] = sessionCookie(octocat).split(';'); return `${box};${flipAt(nonce!, 5)}` }],
  ['session cookie truncated', () => sessionCookie(octocat).slice(0, -12)],
  ['session cookie without its nonce', () => sessionCookie(octocat).split(';')[0]!],
  ['session cookie sealed with a key rotated out', () => rotatedOut.encodeSecureSession(app.decodeSecureSession(sessionCookie(octocat))!)],
  ['session cookie past SESSION_MAX_AGE_S', () => reseal(octocat, (data) => data.set('loginAt', Math.floor(Date.now() / 1000) - config.SESSION_MAX_AGE_S - 1)), /sign in/],
  ['session cookie of an account that no longer exists', () => reseal(octocat, (data) => data.set('user', { id: randomUUID(), githubId: 1, login: 'ghost' })), /no longer exists/],
  ['session cookie without a GitHub token', () => reseal(octocat, (data) => data.set('githubToken', ''))],
  ['session cookie of random bytes', () => `${randomBytes(64).toString('base64')};${randomBytes(24).toString('base64')}`],
  ['session cookie of 4 KB', () => 'A'.repeat(4096)],
  ['empty session cookie', () => ''],
]
for (const [name, cookie, message] of cookieRows) {
  add({
    name: `${name}: GET /auth/session`,
    prepare: async () => cookie(),
    send: (value: string) => app.inject({ url: '/auth/session', cookies: { [SESSION]: value } }),
    expect: { status: 401, error: 'unauthorized', ...(message ? { message } : {}) },
  })
}
/** A copy of a session's cookie and CSRF token, kept from before that session signed out. */
async function signedOutCopy() {
  const session = await login(app, sim, 'octocat')
  const copy = { cookie: sessionCookie(session), csrfToken: session.csrfToken }
  const out = await as(session, { method: 'POST', url: '/auth/logout' })
  if (out.statusCode !== 204) throw new Error(`logout answered ${out.statusCode}`)
  return copy
}
type Copy = Awaited<ReturnType<typeof signedOutCopy>>
add(
  {
    name: 'session cookie copied before its session signed out: GET /auth/session',
    prepare: signedOutCopy,
    send: ({ cookie }: Copy) => app.inject({ url: '/auth/session', cookies: { [SESSION]: cookie } }),
    expect: { status: 401, error: 'unauthorized', message: /signed out/ },
  },
  {
    name: 'session cookie copied before its session signed out, with its CSRF token: POST setup-webhook',
    prepare: signedOutCopy,
    send: ({ cookie, csrfToken }: Copy) => app.inject({ method: 'POST', url: `${EMPTY}/setup-webhook`, cookies: { [SESSION]: cookie }, headers: { 'x-csrf-token': csrfToken } }),
    expect: { status: 401, error: 'unauthorized' },
  },
  {
    name: 'session cookie without a session id (sealed before sign-out reached copies): GET /auth/session',
    prepare: async () => reseal(octocat, (data) => data.set('sid', undefined)),
    send: (value: string) => app.inject({ url: '/auth/session', cookies: { [SESSION]: value } }),
    expect: { status: 401, error: 'unauthorized' },
  },
  {
    name: 'tampered session cookie with the right CSRF token: POST setup-webhook',
    send: () => app.inject({ method: 'POST', url: '/api/repos/octocat/empty-repo/setup-webhook', cookies: { [SESSION]: flipAt(sessionCookie(octocat), 20) }, headers: { 'x-csrf-token': octocat.csrfToken } }),
    expect: { status: 401, error: 'unauthorized' },
  },
  {
    name: 'expired session cookie: DELETE webhook',
    prepare: async () => reseal(octocat, (data) => data.set('loginAt', 1)),
    send: (value: string) => app.inject({ method: 'DELETE', url: `${HELLO}/webhook`, cookies: { [SESSION]: value }, headers: { 'x-csrf-token': octocat.csrfToken } }),
    expect: { status: 401, error: 'unauthorized' },
  },
)

// ---------------------------------------------------------------- CSRF on every state-changing route
const WRITES: Array<{ method: 'POST' | 'DELETE'; url: string }> = [
  { method: 'POST', url: '/auth/logout' },
  { method: 'POST', url: `${HELLO}/setup-webhook` },
  { method: 'POST', url: `${HELLO}/webhook/ping` },
  { method: 'POST', url: `${HELLO}/webhook/rotate-secret` },
  { method: 'POST', url: `${HELLO}/webhook/redeliver-failed` },
  { method: 'DELETE', url: `${HELLO}/webhook` },
  { method: 'POST', url: `/api/events/${octocatsEvent.deliveryId}/replay` },
  { method: 'POST', url: `/api/events/dead-letters/${randomUUID()}/replay` },
  { method: 'POST', url: `${HELLO}/replay-failed` },
  { method: 'POST', url: `/api/deployments/${randomUUID()}/replay` },
]
const flipLast = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')
for (const route of WRITES) {
  const csrfRows: Array<[string, InjectOptions['headers'], string?]> = [
    ['no CSRF token', {}],
    ['a wrong CSRF token', { 'x-csrf-token': 'not-the-token' }],
    ["another session's CSRF token", { 'x-csrf-token': hubot.csrfToken }],
  ]
  if (route.url.endsWith('setup-webhook')) {
    csrfRows.push(
      ['an empty CSRF token', { 'x-csrf-token': '' }],
      ['the CSRF token with its last character changed', { 'x-csrf-token': flipLast(octocat.csrfToken) }],
      ['the CSRF token in the query string instead', {}, `?_csrf=${encodeURIComponent(octocat.csrfToken)}`],
      ['the CSRF token twice in one header', { 'x-csrf-token': `${octocat.csrfToken}, ${octocat.csrfToken}` }],
    )
  }
  for (const [what, headers, query] of csrfRows) {
    add({
      name: `${route.method} ${route.url.replace(octocatsEvent.deliveryId, ':deliveryId')} with ${what}`,
      caller: octocat,
      send: () => as(octocat, { method: route.method, url: `${route.url}${query ?? ''}`, headers }, null),
      expect: { status: 403, error: 'csrf_invalid', message: /x-csrf-token/ },
    })
  }
}

// ---------------------------------------------------------------- one user at another's repository and events
const hubotAt = (method: 'GET' | 'POST' | 'DELETE', url: string) => () => as(hubot, { method, url })
add(
  { name: "hubot (push, not admin) reads octocat's webhook", caller: hubot, asksGitHub: true, send: hubotAt('GET', `${HELLO}/webhook`), expect: { status: 403, error: 'forbidden', message: /admin rights on octocat\/hello-world/ } },
  { name: "hubot sets up octocat's webhook", caller: hubot, asksGitHub: true, send: hubotAt('POST', `${HELLO}/setup-webhook`), expect: { status: 403, error: 'forbidden' } },
  { name: "hubot deletes octocat's webhook", caller: hubot, asksGitHub: true, send: hubotAt('DELETE', `${HELLO}/webhook`), expect: { status: 403, error: 'forbidden' } },
  { name: "hubot pings octocat's webhook", caller: hubot, asksGitHub: true, send: hubotAt('POST', `${HELLO}/webhook/ping`), expect: { status: 403, error: 'forbidden' } },
  { name: "hubot rotates octocat's webhook secret", caller: hubot, asksGitHub: true, send: hubotAt('POST', `${HELLO}/webhook/rotate-secret`), expect: { status: 403, error: 'forbidden' } },
  { name: "hubot redelivers octocat's failed deliveries", caller: hubot, asksGitHub: true, send: hubotAt('POST', `${HELLO}/webhook/redeliver-failed`), expect: { status: 403, error: 'forbidden' } },
  { name: "hubot reads the webhook of octocat's private repository", caller: hubot, asksGitHub: true, send: hubotAt('GET', '/api/repos/octocat/private-notes/webhook'), expect: { status: 404, error: 'not_found' } },
  { name: "hubot sets up octocat's private repository", caller: hubot, asksGitHub: true, send: hubotAt('POST', '/api/repos/octocat/private-notes/setup-webhook'), expect: { status: 404, error: 'not_found' } },
  { name: "hubot reads the commits of octocat's private repository", caller: hubot, asksGitHub: true, send: hubotAt('GET', '/api/repos/octocat/private-notes/commits'), expect: { status: 404, error: 'not_found' } },
  { name: 'monalisa (read-only) sets up the private repository', caller: monalisa, asksGitHub: true, send: () => as(monalisa, { method: 'POST', url: '/api/repos/octocat/private-notes/setup-webhook' }), expect: { status: 403, error: 'forbidden' } },
  { name: "hubot reads one of octocat's events", caller: hubot, asksGitHub: true, send: hubotAt('GET', `/api/events/${octocatsEvent.deliveryId}`), expect: { status: 404, error: 'not_found' } },
  { name: "hubot replays one of octocat's events", caller: hubot, asksGitHub: true, send: hubotAt('POST', `/api/events/${octocatsEvent.deliveryId}/replay`), expect: { status: 404, error: 'not_found' } },
  {
    name: "hubot lists events filtered to octocat's repository",
    caller: hubot,
    asksGitHub: true,
    send: hubotAt('GET', '/api/events?repo=octocat/hello-world'),
    expect: { status: 200 },
    check: (t, res) => t.same(res.json().events, [], 'sees none of them'),
  },
  {
    name: 'hubot lists every event',
    caller: hubot,
    asksGitHub: true,
    send: hubotAt('GET', '/api/events'),
    expect: { status: 200 },
    check: (t, res) => t.notOk(res.json().events.some((e: { deliveryId: string }) => e.deliveryId === octocatsEvent.deliveryId), "octocat's event is not among them"),
  },
  { name: 'monalisa reads an event of the repository she connected and can no longer see', caller: monalisa, asksGitHub: true, send: () => as(monalisa, { url: `/api/events/${formerlyMonalisas.deliveryId}` }), expect: { status: 404, error: 'not_found' } },
  { name: 'monalisa replays an event of the repository she connected and can no longer see', caller: monalisa, asksGitHub: true, send: () => as(monalisa, { method: 'POST', url: `/api/events/${formerlyMonalisas.deliveryId}/replay` }), expect: { status: 404, error: 'not_found' } },
  {
    name: 'monalisa lists the events of the repository she connected and can no longer see',
    caller: monalisa,
    asksGitHub: true,
    send: () => as(monalisa, { url: '/api/events?repo=octo-org/platform' }),
    expect: { status: 200 },
    check: (t, res) => t.same(res.json().events, [], 'sees none of them'),
  },
)

// ---------------------------------------------------------------- owner/repo: traversal and odd names
// What a client that resolves dot segments (a browser, fetch) makes of them: another path.
const RESOLVED_PATHS: Array<[string, string]> = [
  ['repo ".."', '/api/repos/octocat/../webhook'],
  ['repo "."', '/api/repos/octocat/./webhook'],
  ['owner ".."', '/api/repos/../hello-world/webhook'],
  ['repo "%2e%2e"', '/api/repos/octocat/%2e%2e/webhook'],
  ['owner and repo "%2e%2e"', '/api/repos/%2e%2e/%2e%2e/webhook'],
]
for (const [what, url] of RESOLVED_PATHS) {
  add({ name: `GET webhook status, ${what}, resolved by the client`, caller: octocat, send: () => as(octocat, { url }), expect: { status: 404, error: 'not_found' } })
  add({ name: `GET webhook status, ${what}, sent as is`, caller: octocat, send: () => overHttp(octocat, 'GET', url), expect: { status: 400, error: 'validation_failed', message: /params\/(owner|repo)/ } })
  add({ name: `POST setup-webhook, ${what}, sent as is`, caller: octocat, send: () => overHttp(octocat, 'POST', url.replace(/webhook$/, 'setup-webhook')), expect: { status: 400, error: 'validation_failed', message: /params\/(owner|repo)/ } })
}
add({ name: 'GET /api/../user/profile, sent as is', caller: octocat, send: () => overHttp(octocat, 'GET', '/api/../user/profile'), expect: { status: 404, error: 'not_found' } })
add({ name: 'GET /api/repos/octocat/hello-world/../../../user/profile, sent as is', caller: octocat, send: () => overHttp(octocat, 'GET', `${HELLO}/../../../user/profile`), expect: { status: 404, error: 'not_found' } })

// Each 400 names the field, like every validation error (longer than GitHub allows included).
const ODD_PATHS: Array<[string, string, number]> = [
  ['repo "%2e%2e%2f%2e%2e%2fuser" (encoded traversal)', '/api/repos/octocat/%2e%2e%2f%2e%2e%2fuser/webhook', 400],
  ['repo "hello%2Fworld" (encoded slash)', '/api/repos/octocat/hello%2Fworld/webhook', 400],
  ['repo "..%5C..%5Cuser" (encoded backslashes)', '/api/repos/octocat/..%5C..%5Cuser/webhook', 400],
  ['repo "%252e%252e" (double-encoded)', '/api/repos/octocat/%252e%252e/webhook', 400],
  ['repo "a/b/c"', '/api/repos/octocat/a/b/c/webhook', 404],
  ['owner "a/b"', '/api/repos/a/b/hello-world/webhook', 404],
  ['repo of 101 characters', `/api/repos/octocat/${'r'.repeat(101)}/webhook`, 400],
  ['owner of 40 characters', `/api/repos/${'o'.repeat(40)}/hello-world/webhook`, 400],
  ['owner starting with a hyphen', '/api/repos/-octocat/hello-world/webhook', 400],
  ['repo in unicode', '/api/repos/octocat/h%C3%A9llo-w%C3%B6rld/webhook', 400],
  ['repo with an emoji', '/api/repos/octocat/%F0%9F%9A%80/webhook', 400],
  ['repo with ";"', '/api/repos/octocat/hello;rm -rf/webhook'.replace(' ', '%20'), 400],
  ['repo with a space', '/api/repos/octocat/hello%20world/webhook', 400],
  ['repo with a NUL byte', '/api/repos/octocat/hello%00/webhook', 400],
  ['repo with "?" encoded (query injection)', '/api/repos/octocat/hello-world%3Fper_page%3D100/webhook', 400],
  ['repo with "#" encoded', '/api/repos/octocat/hello-world%23x/webhook', 400],
  ['empty repo', '/api/repos/octocat//webhook', 400],
]
for (const [what, url, status] of ODD_PATHS) {
  add({ name: `GET webhook status, ${what}`, caller: octocat, send: () => as(octocat, { url }), expect: { status, ...(status === 400 ? { error: 'validation_failed', message: /params\/(owner|repo)/ } : { error: 'not_found' }) } })
}
// Every error is {error, message}, this one too.
add({ name: 'GET webhook status, repo with invalid percent-encoding', caller: octocat, send: () => as(octocat, { url: '/api/repos/octocat/%E0%A4%A/webhook' }), expect: { status: 400, error: 'bad_request' } })
for (const [what, url, status] of ODD_PATHS.slice(0, 5)) {
  const post = url.replace(/\/webhook$/, '/setup-webhook')
  add({ name: `POST setup-webhook, ${what}`, caller: octocat, send: () => as(octocat, { method: 'POST', url: post }), expect: { status, ...(status === 400 ? { error: 'validation_failed' } : {}) } })
}

// ---------------------------------------------------------------- query strings
const QUERIES: Array<[string, string, RegExp]> = [
  ['page=0', '/user/repos?page=0', /querystring\/page/],
  ['page=-1', '/user/repos?page=-1', /querystring\/page/],
  ['page=abc', '/user/repos?page=abc', /querystring\/page/],
  ['page=1.5', '/user/repos?page=1.5', /querystring\/page/],
  ['page=10001', '/user/repos?page=10001', /querystring\/page/],
  ['page twice', '/user/repos?page=1&page=2', /querystring\/page/],
  ['per_page=0', '/user/repos?per_page=0', /querystring\/per_page/],
  ['per_page=1000', '/user/repos?per_page=1000', /querystring\/per_page/],
  ['per_page=-5', '/user/repos?per_page=-5', /querystring\/per_page/],
  ['per_page=ten', '/user/repos?per_page=ten', /querystring\/per_page/],
  ['sort=bogus', '/user/repos?sort=bogus', /querystring\/sort/],
  ['sort=full_name;drop', '/user/repos?sort=full_name%3Bdrop', /querystring\/sort/],
  ['affiliation=owner,friends', '/user/repos?affiliation=owner,friends', /querystring\/affiliation/],
  ['commits per_page=1000', `${HELLO}/commits?per_page=1000`, /querystring\/per_page/],
  ['commits page=0', `${HELLO}/commits?page=0`, /querystring\/page/],
  ['commits sha with ".."', `${HELLO}/commits?sha=main..feature`, /querystring\/sha/],
  ['commits sha with a path', `${HELLO}/commits?sha=..%2F..%2Fuser`, /querystring\/sha/],
  ['commits branch with a space', `${HELLO}/commits?branch=my%20branch`, /querystring\/branch/],
  ['commits branch of 256 characters', `${HELLO}/commits?branch=${'b'.repeat(256)}`, /querystring\/branch/],
  ['commits sha and branch naming different refs', `${HELLO}/commits?sha=main&branch=dev`, /querystring\/branch and querystring\/sha/],
  ['events limit=0', '/api/events?limit=0', /querystring\/limit/],
  ['events limit=1000', '/api/events?limit=1000', /querystring\/limit/],
  ['events status=bogus', '/api/events?status=bogus', /querystring\/status/],
  ['events since=yesterday', '/api/events?since=yesterday', /querystring\/since/],
  ['events until=tomorrow', '/api/events?until=tomorrow', /querystring\/until/],
  ['events until before since', '/api/events?since=2026-12-06T10:00:00Z&until=2026-12-06T09:00:00Z', /until must be later than since/],
  ['events repo=../../etc', '/api/events?repo=..%2F..%2Fetc', /querystring\/repo/],
  ['events event=PUSH;', '/api/events?event=PUSH%3B', /querystring\/event/],
  ['events cursor of 201 characters', `/api/events?cursor=${'c'.repeat(201)}`, /querystring\/cursor/],
  ['dead letters limit=0', '/api/events/dead-letters?limit=0', /querystring\/limit/],
  ['dead letters replayed=maybe', '/api/events/dead-letters?replayed=maybe', /querystring\/replayed/],
]
for (const [what, url, field] of QUERIES) {
  add({ name: `query ${what}`, caller: octocat, send: () => as(octocat, { url }), expect: { status: 400, error: 'validation_failed', message: field } })
}
add(
  // The visibility check (which repositories octocat administers) comes before the cursor is read.
  { name: 'query events cursor not ours', caller: octocat, asksGitHub: true, send: () => as(octocat, { url: '/api/events?cursor=bm9wZQ' }), expect: { status: 400, error: 'validation_failed', message: /cursor/ } },
  { name: 'event delivery id of 101 characters', caller: octocat, send: () => as(octocat, { url: `/api/events/${'d'.repeat(101)}` }), expect: { status: 400, error: 'validation_failed', message: /params\/deliveryId/ } },
  { name: 'event delivery id with an encoded slash', caller: octocat, send: () => as(octocat, { url: '/api/events/..%2F..%2Fuser' }), expect: { status: 400, error: 'validation_failed', message: /params\/deliveryId/ } },
  { name: 'event delivery id ".."', caller: octocat, asksGitHub: true, send: () => as(octocat, { url: '/api/events/..' }), expect: { status: 404 } },
  { name: 'query dead letters cursor not ours', caller: octocat, asksGitHub: true, send: () => as(octocat, { url: '/api/events/dead-letters?cursor=bm9wZQ' }), expect: { status: 400, error: 'validation_failed', message: /cursor/ } },
  { name: 'dead letter id that is not a UUID', caller: octocat, send: () => as(octocat, { url: '/api/events/dead-letters/42' }), expect: { status: 400, error: 'validation_failed', message: /params\/id/ } },
  { name: 'dead letter replay: an id that is not a UUID', caller: octocat, send: () => as(octocat, { method: 'POST', url: '/api/events/dead-letters/..%2F..%2Fuser/replay' }), expect: { status: 400, error: 'validation_failed', message: /params\/id/ } },
  { name: 'dead letter: an unknown id', caller: octocat, asksGitHub: true, send: () => as(octocat, { url: `/api/events/dead-letters/${randomUUID()}` }), expect: { status: 404, error: 'not_found' } },
  { name: 'dead letter replay: an unknown id', caller: octocat, asksGitHub: true, send: () => as(octocat, { method: 'POST', url: `/api/events/dead-letters/${randomUUID()}/replay` }), expect: { status: 404, error: 'not_found' } },
)

// ---------------------------------------------------------------- resuming the live stream
const STREAM_IDS: Array<[string, string, Record<string, string>, RegExp]> = [
  ['Last-Event-ID that is no id', '', { 'last-event-id': 'abc' }, /headers\/last-event-id/],
  ['Last-Event-ID with a part over 19 digits', '', { 'last-event-id': '12345678901234567890-0' }, /headers\/last-event-id/],
  ['Last-Event-ID negative', '', { 'last-event-id': '-1-0' }, /headers\/last-event-id/],
  ['lastEventId=1-2-3', '?lastEventId=1-2-3', {}, /querystring\/lastEventId/],
  ['lastEventId with a line break (a message of its own)', '?lastEventId=1-0%0Aevent%3A%20x', {}, /querystring\/lastEventId/],
  ['lastEventId twice', '?lastEventId=1-0&lastEventId=2-0', {}, /querystring\/lastEventId/],
]
for (const [what, query, headers, field] of STREAM_IDS) {
  add({ name: `events stream: ${what}`, caller: octocat, send: () => as(octocat, { url: `/api/events/stream${query}`, headers }), expect: { status: 400, error: 'validation_failed', message: field } })
}

// ---------------------------------------------------------------- bulk replay of failed requests
const replayFailed = (who: SignedIn, url: string, payload: unknown) => () => as(who, { method: 'POST', url: `${url}/replay-failed`, payload: payload as object })
const SINCE = new Date(Date.now() - 86_400_000).toISOString()
add(
  { name: 'replay-failed: since not a date', caller: octocat, send: replayFailed(octocat, HELLO, { since: 'yesterday' }), expect: { status: 400, error: 'validation_failed', message: /body\/since/ } },
  { name: 'replay-failed: since missing', caller: octocat, send: replayFailed(octocat, HELLO, { limit: 10 }), expect: { status: 400, error: 'validation_failed', message: /since/ } },
  { name: 'replay-failed: no body', caller: octocat, send: () => as(octocat, { method: 'POST', url: `${HELLO}/replay-failed` }), expect: { status: 400, error: 'validation_failed', message: /body/ } },
  { name: 'replay-failed: limit=0', caller: octocat, send: replayFailed(octocat, HELLO, { since: SINCE, limit: 0 }), expect: { status: 400, error: 'validation_failed', message: /body\/limit/ } },
  { name: 'replay-failed: limit=501', caller: octocat, send: replayFailed(octocat, HELLO, { since: SINCE, limit: 501 }), expect: { status: 400, error: 'validation_failed', message: /body\/limit must be <= 500/ } },
  { name: 'replay-failed: limit=2.5', caller: octocat, send: replayFailed(octocat, HELLO, { since: SINCE, limit: 2.5 }), expect: { status: 400, error: 'validation_failed', message: /body\/limit/ } },
  { name: 'replay-failed: an unknown field', caller: octocat, send: replayFailed(octocat, HELLO, { since: SINCE, status: 'delivered' }), expect: { status: 400, error: 'validation_failed', message: /additional properties/ } },
  { name: 'replay-failed: a repository nothing was received of', caller: octocat, asksGitHub: true, send: replayFailed(octocat, '/api/repos/octocat/private-notes', { since: SINCE }), expect: { status: 404, error: 'not_found', message: /not known here/ } },
  { name: "replay-failed: hubot (push, not admin) at octocat's repository", caller: hubot, asksGitHub: true, send: replayFailed(hubot, HELLO, { since: SINCE }), expect: { status: 403, error: 'forbidden', message: /admin rights on octocat\/hello-world/ } },
  { name: 'replay-failed: monalisa at the repository she connected and can no longer see', caller: monalisa, asksGitHub: true, send: replayFailed(monalisa, '/api/repos/octo-org/platform', { since: SINCE }), expect: { status: 404, error: 'not_found' } },
  { name: 'replay-failed: nobody signed in', send: () => app.inject({ method: 'POST', url: `${HELLO}/replay-failed`, payload: { since: SINCE } }), expect: { status: 401, error: 'unauthorized' } },
  { name: 'replay-failed: the platform at a repository not known here', send: () => app.inject({ method: 'POST', url: '/api/repos/octocat/private-notes/replay-failed', headers: { authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }, payload: { since: SINCE } }), expect: { status: 404, error: 'not_found' } },
)

// ---------------------------------------------------------------- replay of one deployment request
const replayRequest = (who: SignedIn | null, id: string, payload?: unknown) => () =>
  who ? as(who, { method: 'POST', url: `/api/deployments/${id}/replay`, ...(payload === undefined ? {} : { payload: payload as object }) }) : app.inject({ method: 'POST', url: `/api/deployments/${id}/replay` })
const [supersededRequest = ''] = (await seedEvent(orm, { repo: 'octocat/hello-world', requests: [{ status: 'superseded' }] })).requestIds
const [deliveredRequest = ''] = (await seedEvent(orm, { repo: 'octocat/hello-world', requests: [{ status: 'delivered', attempts: [200] }] })).requestIds
add(
  { name: 'request replay: an id that is not a UUID', caller: octocat, send: replayRequest(octocat, '42'), expect: { status: 400, error: 'validation_failed', message: /params\/requestId/ } },
  { name: 'request replay: an id with an encoded slash', caller: octocat, send: replayRequest(octocat, '..%2F..%2Fuser'), expect: { status: 400, error: 'validation_failed', message: /params\/requestId/ } },
  { name: 'request replay: a body', caller: octocat, send: replayRequest(octocat, deliveredRequest, { status: 'pending' }), expect: { status: 400, error: 'validation_failed', message: /additional properties/ } },
  { name: 'request replay: an unknown id', caller: octocat, send: replayRequest(octocat, randomUUID()), expect: { status: 404, error: 'not_found', message: /no deployment request/ } },
  { name: 'request replay: a superseded request (never sent)', caller: octocat, asksGitHub: true, send: replayRequest(octocat, supersededRequest), expect: { status: 409, error: 'conflict', message: /is superseded: it was never sent/ } },
  { name: "request replay: hubot (push, not admin) at octocat's request", caller: hubot, asksGitHub: true, send: replayRequest(hubot, deliveredRequest), expect: { status: 403, error: 'forbidden', message: /admin rights on octocat\/hello-world/ } },
  { name: 'request replay: nobody signed in, malformed id', send: replayRequest(null, '42'), expect: { status: 401, error: 'unauthorized' } },
)

// ---------------------------------------------------------------- what GitHub sent, stored
// The worker stores payloads nested 10,000 deep, which JSON.stringify cannot write: the event
// is still shown whole, listed, and replayed (an issues event: the rules derive nothing).
const DEEP = 10_000
const deepEvent = await seedEvent(orm, { repo: 'octocat/hello-world', event: 'issues', payloadJson: `{"action": "opened", "deep": ${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}}` })
const depthOf = (value: unknown) => {
  let depth = 0
  for (let at = value; at !== null && typeof at === 'object'; at = (at as { a?: unknown }).a) depth++
  return depth
}
add(
  {
    name: 'GET an event whose payload is objects nested 10,000 deep',
    caller: octocat,
    asksGitHub: true,
    send: () => as(octocat, { url: `/api/events/${deepEvent.deliveryId}` }),
    expect: { status: 200 },
    check: (t, res) => t.equal(depthOf(res.json().payload.deep), DEEP, 'the whole payload'),
  },
  {
    name: 'GET /api/events listing an event nested 10,000 deep',
    caller: octocat,
    asksGitHub: true,
    send: () => as(octocat, { url: '/api/events?event=issues' }),
    expect: { status: 200 },
    check: (t, res) => t.ok(res.json().events.some((e: { deliveryId: string }) => e.deliveryId === deepEvent.deliveryId), 'listed'),
  },
  {
    name: 'POST replay of an event nested 10,000 deep',
    caller: octocat,
    asksGitHub: true,
    send: () => as(octocat, { method: 'POST', url: `/api/events/${deepEvent.deliveryId}/replay` }),
    expect: { status: 202 },
    check: (t, res) => t.match(res.json(), { deliveryId: deepEvent.deliveryId, created: 0, requeued: 0 }),
  },
)

// ---------------------------------------------------------------- bodies
const REDELIVER = `${HELLO}/webhook/redeliver-failed`
const json = { 'content-type': 'application/json' }
add(
  { name: 'redeliver-failed: malformed JSON', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: json, payload: '{"since": ' }), expect: { status: 400, error: 'bad_request', message: /JSON/ } },
  { name: 'redeliver-failed: JSON array', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: json, payload: '[]' }), expect: { status: 400, error: 'validation_failed', message: /body/ } },
  { name: 'redeliver-failed: JSON string', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: json, payload: '"since"' }), expect: { status: 400, error: 'validation_failed', message: /body/ } },
  { name: 'redeliver-failed: since is not a date', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: json, payload: '{"since":"yesterday"}' }), expect: { status: 400, error: 'validation_failed', message: /body\/since/ } },
  { name: 'redeliver-failed: an unknown field', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: json, payload: '{"hookId":1}' }), expect: { status: 400, error: 'validation_failed', message: /additional properties \(hookId\)/ } },
  { name: 'redeliver-failed: __proto__ in the body', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: json, payload: '{"__proto__":{"admin":true}}' }), expect: { status: 400 } },
  { name: 'redeliver-failed: constructor.prototype in the body', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: json, payload: '{"constructor":{"prototype":{"admin":true}}}' }), expect: { status: 400 } },
  { name: 'redeliver-failed: objects nested 10,000 deep', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: json, payload: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}` }), expect: { status: 400, error: 'validation_failed' } },
  { name: 'redeliver-failed: body of 2 MB', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: json, payload: JSON.stringify({ since: 'x'.repeat(2 * 1024 * 1024) }) }), expect: { status: 413, error: 'payload_too_large' } },
  { name: 'redeliver-failed: application/xml', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: { 'content-type': 'application/xml' }, payload: '<since/>' }), expect: { status: 415, error: 'unsupported_media_type' } },
  // Fastify reads text/plain as a string, which the body schema refuses.
  { name: 'redeliver-failed: text/plain', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: { 'content-type': 'text/plain' }, payload: '{"since":"2020-01-01T00:00:00Z"}' }), expect: { status: 400, error: 'validation_failed', message: /body must be object/ } },
  { name: 'redeliver-failed: form-encoded', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'since=2020-01-01' }), expect: { status: 415, error: 'unsupported_media_type' } },
  { name: 'redeliver-failed: multipart', caller: octocat, send: () => as(octocat, { method: 'POST', url: REDELIVER, headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' }), expect: { status: 415, error: 'unsupported_media_type' } },
  // A route that takes no body refuses one, as the routes with a body schema refuse an unknown
  // field (400 naming it), instead of ignoring what the caller thinks it asked for.
  { name: 'setup-webhook: a body (the route takes none)', caller: octocat, send: () => as(octocat, { method: 'POST', url: `${HELLO}/setup-webhook`, headers: json, payload: '{"events":["*"]}' }), expect: { status: 400, error: 'validation_failed', message: /body/ } },
  // If the hook's target ever becomes configurable, an internal address must be refused.
  { name: 'setup-webhook: a callback URL at an internal address', caller: octocat, send: () => as(octocat, { method: 'POST', url: `${HELLO}/setup-webhook`, headers: json, payload: '{"config":{"url":"http://169.254.169.254/latest/meta-data"}}' }), expect: { status: 400, error: 'validation_failed', message: /body/ } },
  { name: 'rotate-secret: a body (the route takes none)', caller: octocat, send: () => as(octocat, { method: 'POST', url: `${EMPTY}/webhook/rotate-secret`, headers: json, payload: '{"secret":"chosen-by-the-caller"}' }), expect: { status: 400, error: 'validation_failed', message: /body/ } },
  { name: 'DELETE webhook: a body (the route takes none)', caller: octocat, send: () => as(octocat, { method: 'DELETE', url: `${EMPTY}/webhook`, headers: json, payload: '{"hookId":1}' }), expect: { status: 400, error: 'validation_failed', message: /body/ } },
  // Logout and replay take no body either: an empty one or `{}` is fine (bodyless-posts.test.ts), anything else is not.
  { name: 'logout: a body (the route takes none)', caller: octocat, send: () => as(octocat, { method: 'POST', url: '/auth/logout', headers: json, payload: '{"everywhere":true}' }), expect: { status: 400, error: 'validation_failed', message: /additional properties \(everywhere\)/ } },
  { name: 'logout: a JSON array', caller: octocat, send: () => as(octocat, { method: 'POST', url: '/auth/logout', headers: json, payload: '[]' }), expect: { status: 400, error: 'validation_failed', message: /body must be object/ } },
  { name: 'logout: malformed JSON', caller: octocat, send: () => as(octocat, { method: 'POST', url: '/auth/logout', headers: json, payload: '{' }), expect: { status: 400, error: 'bad_request', message: /JSON/ } },
  { name: 'logout: a form', caller: octocat, send: () => as(octocat, { method: 'POST', url: '/auth/logout', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'everywhere=1' }), expect: { status: 415, error: 'unsupported_media_type' } },
  { name: 'replay: a body (the route takes none)', caller: octocat, send: () => as(octocat, { method: 'POST', url: `/api/events/${octocatsEvent.deliveryId}/replay`, headers: json, payload: '{"force":true}' }), expect: { status: 400, error: 'validation_failed', message: /additional properties \(force\)/ } },
  { name: 'replay: text/plain', caller: octocat, send: () => as(octocat, { method: 'POST', url: `/api/events/${octocatsEvent.deliveryId}/replay`, headers: { 'content-type': 'text/plain' }, payload: 'again' }), expect: { status: 400, error: 'validation_failed', message: /body must be object/ } },
  { name: 'replay: application/xml', caller: octocat, send: () => as(octocat, { method: 'POST', url: `/api/events/${octocatsEvent.deliveryId}/replay`, headers: { 'content-type': 'application/xml' }, payload: '<replay/>' }), expect: { status: 415, error: 'unsupported_media_type' } },
  { name: 'replay by the platform: a body', send: () => app.inject({ method: 'POST', url: `/api/events/${octocatsEvent.deliveryId}/replay`, headers: { ...json, authorization: `Bearer ${config.PLATFORM_API_TOKEN}` }, payload: '{"requests":["all"]}' }), expect: { status: 400, error: 'validation_failed', message: /additional properties \(requests\)/ } },
  { name: 'setup-webhook: malformed JSON', caller: octocat, send: () => as(octocat, { method: 'POST', url: `${HELLO}/setup-webhook`, headers: json, payload: '{' }), expect: { status: 400, error: 'bad_request' } },
  { name: 'setup-webhook: body of 2 MB', caller: octocat, send: () => as(octocat, { method: 'POST', url: `${HELLO}/setup-webhook`, headers: json, payload: JSON.stringify({ x: 'x'.repeat(2 * 1024 * 1024) }) }), expect: { status: 413, error: 'payload_too_large' } },
  { name: 'setup-webhook: application/xml body', caller: octocat, send: () => as(octocat, { method: 'POST', url: `${HELLO}/setup-webhook`, headers: { 'content-type': 'application/xml' }, payload: '<x/>' }), expect: { status: 415, error: 'unsupported_media_type' } },
)

// ---------------------------------------------------------------- open redirects on /auth/login
const REDIRECTS = [
  'https://evil.example/',
  'http://evil.example',
  '//evil.example/x',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  `${FRONTEND}@evil.example`,
  `${FRONTEND}.evil.example/`,
  'http://localhost:3001/',
  `${FRONTEND.replace('http:', 'https:')}/`,
  'https:evil.example',
  '/\tevil.example',
  ' //evil.example',
]
for (const target of REDIRECTS) {
  add({
    name: `GET /auth/login?redirect=${JSON.stringify(target)}`,
    send: () => app.inject(`/auth/login?redirect=${encodeURIComponent(target)}`),
    expect: { status: 400, error: 'validation_failed', message: /querystring\/redirect must stay on FRONTEND_URL/ },
    check: (t, res) => t.notOk(res.headers['set-cookie'], 'no sign-in started'),
  })
}
add({
  // Decoded once, it is a path on the frontend: "/%2F%2Fevil.example" there.
  name: 'GET /auth/login?redirect= double-encoded //evil.example (stays on the frontend)',
  send: () => app.inject(`/auth/login?redirect=${encodeURIComponent('%2F%2Fevil.example')}`),
  expect: { status: 302 },
  check: (t, res) => {
    const pending = app.decodeSecureSession(res.cookies.find((cookie) => cookie.name === SESSION)!.value)?.get('oauth')
    t.equal(new URL(pending!.redirect).origin, FRONTEND, `after sign-in: ${pending?.redirect}`)
  },
})
add({
  name: 'GET /auth/login?redirect= of 3,000 characters',
  send: () => app.inject(`/auth/login?redirect=/${'a'.repeat(3000)}`),
  expect: { status: 400, error: 'validation_failed', message: /querystring\/redirect/ },
})

// ---------------------------------------------------------------- the platform's bearer token
const TOKEN = config.PLATFORM_API_TOKEN![0]!
const BEARERS: Array<[string, string, string]> = [
  ['empty Authorization', '', 'unauthorized'],
  ['"Bearer" alone', 'Bearer', 'invalid_token'],
  ['"Bearer " and spaces', 'Bearer    ', 'invalid_token'],
  ['a wrong token', 'Bearer wrong', 'invalid_token'],
  ['the right prefix, a wrong value', `Bearer ${TOKEN.slice(0, 15)}${'0'.repeat(TOKEN.length - 15)}`, 'invalid_token'],
  ['the token with a character more', `Bearer ${TOKEN}x`, 'invalid_token'],
  ['the token with a character less', `Bearer ${TOKEN.slice(0, -1)}`, 'invalid_token'],
  ['the token twice', `Bearer ${TOKEN} ${TOKEN}`, 'invalid_token'],
  ['the token as Basic', `Basic ${TOKEN}`, 'invalid_token'],
  ['the token without a scheme', TOKEN, 'invalid_token'],
  ['a 10 KB token', `Bearer ${'a'.repeat(10 * 1024)}`, 'invalid_token'],
]
for (const [what, header, error] of BEARERS) {
  add({
    name: `GET /api/events with ${what}`,
    send: () => app.inject({ url: '/api/events', headers: { authorization: header } }),
    expect: { status: 401, error },
    check: (t, res) => t.match(res.headers['www-authenticate'], /^Bearer/, 'a Bearer challenge'),
  })
}
add({
  name: "POST replay with a wrong bearer token and octocat's cookie and CSRF token",
  caller: octocat,
  send: () => as(octocat, { method: 'POST', url: `/api/events/${octocatsEvent.deliveryId}/replay`, headers: { authorization: 'Bearer wrong' } }),
  expect: { status: 401, error: 'invalid_token' },
})

// ---------------------------------------------------------------- CORS from other origins
const FOREIGN = ['https://evil.example', 'null', `${FRONTEND}.evil.example`, FRONTEND.replace('http:', 'https:'), FRONTEND.replace('localhost', '127.0.0.1')]
for (const origin of FOREIGN) {
  add({
    name: `CORS preflight from ${origin}`,
    send: () => app.inject({ method: 'OPTIONS', url: `${HELLO}/setup-webhook`, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-csrf-token' } }),
    expect: { status: 204 },
    check: (t, res) => t.notOk(res.headers['access-control-allow-origin'], 'no Access-Control-Allow-Origin'),
  })
}
add({
  name: "a signed-in read from https://evil.example (the browser may not read it)",
  caller: octocat,
  send: () => as(octocat, { url: '/auth/session', headers: { origin: 'https://evil.example' } }),
  expect: { status: 200 },
  check: (t, res) => t.notOk(res.headers['access-control-allow-origin'], 'no Access-Control-Allow-Origin'),
})

// ---------------------------------------------------------------- the console's files and the operator pages
// Sent as is over HTTP: nothing outside the console's build is served, and never a 5xx.
const CONSOLE_PATHS: Array<[string, string, number]> = [
  ['parent of the build', '/../package.json', 404],
  ['parent, encoded', '/%2e%2e/%2e%2e/package.json', 404],
  ['parent under assets, encoded slash', '/assets/..%2f..%2fpackage.json', 404],
  ['double slash', '//etc/passwd', 404],
  ['a dotfile', '/.env', 404],
  ['a NUL byte', '/index.html%00.js', 404],
  ['a console path with a traversal (the page, nothing else)', '/events/..%2f..%2fpackage.json', 200],
]
for (const [what, url, status] of CONSOLE_PATHS) {
  add({
    name: `GET ${url} (${what}), sent as is`,
    send: () => overHttp(null, 'GET', url),
    expect: { status, ...(status === 404 ? { error: 'not_found' } : {}) },
    check: (t, res) => t.notMatch(res.body, /"dependencies"|root:x:/, 'no file from outside the build'),
  })
}
const operators = await startVariant(t, gateway, { PASSWORD: 'operators-only-bad-input' })
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`
const OPERATOR_CREDENTIALS: Array<[string, Record<string, string>]> = [
  ['no credentials', {}],
  ['a wrong password', { authorization: basic('admin:wrong-password') }],
  ['a session cookie instead', { cookie: `${SESSION}=${encodeURIComponent(sessionCookie(octocat))}` }],
  ['the platform token instead', { authorization: `Bearer ${config.PLATFORM_API_TOKEN?.[0]}` }],
  ['no colon', { authorization: basic('operators-only-bad-input') }],
  ['not base64', { authorization: 'Basic %%%' }],
  ['the password with a trailing newline', { authorization: basic('admin:operators-only-bad-input\n') }],
]
for (const [what, headers] of OPERATOR_CREDENTIALS) {
  for (const url of ['/admin', '/admin/queues/api/queues']) {
    add({ name: `GET ${url}, ${what}`, send: () => operators.inject({ url, headers }), expect: { status: 401, error: 'unauthorized' }, check: (t, res) => t.match(res.headers['www-authenticate'], /^Basic realm=/) })
  }
}
add({
  name: 'PUT a bull-board action with the password, from another site',
  send: () => operators.inject({ method: 'PUT', url: '/admin/queues/api/queues/callbacks/pause', headers: { authorization: basic('admin:operators-only-bad-input'), origin: 'https://evil.example' } }),
  expect: { status: 403, error: 'forbidden' },
})

// ---------------------------------------------------------------- unknown routes and methods
for (const [method, url] of [['PUT', `${HELLO}/webhook`], ['PATCH', `${HELLO}/webhook`], ['GET', `${HELLO}/setup-webhook`], ['GET', HELLO], ['DELETE', '/auth/session'], ['GET', '/auth/logout'], ['POST', '/api/events']] as const) {
  add({ name: `${method} ${url}`, caller: octocat, send: () => as(octocat, { method, url }), expect: { status: 404, error: 'not_found' } })
}

t.comment(`${cases.length} hostile inputs tried`)

const parseJson = (text: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
const allowedLocation = (location: string) => location.startsWith(`${FRONTEND}/`) || location === FRONTEND || location.startsWith(`${sim.url}/`)

for (const row of cases) {
  t.test(row.name, async (t) => {
    const prepared = row.prepare ? await row.prepare() : undefined
    const before = await snapshot()
    const res = await row.send(prepared as never)
    t.equal(res.statusCode, row.expect.status, `answered ${row.expect.status}`)
    t.ok(res.statusCode < 500, 'not a 5xx')
    t.notMatch(res.body, /\bat .*\.[jt]s:\d+/, 'no stack trace')
    if (row.expect.error) {
      const body = parseJson(res.body)
      t.same(Object.keys(body ?? {}).sort(), ['error', 'message'], 'a JSON {error, message}')
      t.equal(body?.error, row.expect.error, row.expect.error)
      if (row.expect.message) t.match(body?.message, row.expect.message, 'says what is wrong')
    }
    if (res.headers.location) t.ok(allowedLocation(String(res.headers.location)), `redirect stays on the frontend or GitHub: ${res.headers.location}`)
    const session = res.cookies.find((cookie) => cookie.name === SESSION && cookie.value !== '')
    const signedInAs = session ? app.decodeSecureSession(session.value)?.get('user')?.id : undefined
    t.ok(signedInAs === undefined || signedInAs === row.caller?.userId, row.caller ? 'the session stays the caller\'s' : 'nobody signed in')
    await row.check?.(t, res)
    const after = await snapshot()
    const { githubCalls, ...state } = after
    const { githubCalls: callsBefore, ...stateBefore } = before
    t.same(state, stateBefore, 'nothing changed: rows, hooks and secrets on GitHub, published secrets')
    if (!row.asksGitHub) t.equal(githubCalls, callsBefore, 'GitHub was not called')
  })
}

t.test('after every row: the three users are still signed in, octocat\'s hook untouched', async (t) => {
  for (const who of [octocat, hubot, monalisa]) t.equal((await as(who, { url: '/auth/session' })).statusCode, 200)
  const [hook] = sim.control.hooks('octocat/hello-world')
  t.equal(hook?.url, receiver.url, 'the hook still points at WEBHOOK_URL')
})
