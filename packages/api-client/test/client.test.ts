import type { AddressInfo } from 'node:net'
import { startGitHubSim } from '@gwm/github-sim'
import t from 'tap'
import { gatewayInProcess } from '../scripts/gateway-in-process.ts'
import { ApiError, call, createApiClient, loginUrl } from '../src/index.ts'

// The gateway over real HTTP, signed in through the GitHub simulator as a browser would be.
const sim = await startGitHubSim()
t.teardown(() => sim.close())
const app = await gatewayInProcess(t, {
  githubUrl: sim.url,
  CLIENT_ID: 'gwm-local-client',
  CLIENT_SECRET: 'gwm-local-client-secret',
  GITHUB_WRITE_INTERVAL_MS: '0',
  RATE_LIMIT_PER_MINUTE: '30',
})
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

/** A browser's cookie jar, reduced to what these requests need. */
const jar = new Map<string, string>()
const keep = (res: Response) => {
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';')
    const at = pair.indexOf('=')
    jar.set(pair.slice(0, at), pair.slice(at + 1))
  }
}
const withCookies = (request: Request) => {
  request.headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '))
  return fetch(request)
}

async function signIn(login: string) {
  const start = await fetch(`${base}/auth/login`, { redirect: 'manual' })
  keep(start)
  const authorize = new URL(start.headers.get('location') ?? '')
  authorize.searchParams.set('login', login)
  const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') ?? '')
  keep(await withCookies(new Request(`${base}${back.pathname}${back.search}`, { redirect: 'manual' })))
}

const anonymous = createApiClient({ baseUrl: base, csrfToken: () => null })

const rejection = async (promise: Promise<unknown>): Promise<ApiError> => {
  try {
    await promise
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('the call succeeded')
}

// Signed in before the first test: tap ends a file whose queue runs empty while the top level still awaits.
await signIn('octocat')
let csrfToken: string | null = null
const client = createApiClient({ baseUrl: base, csrfToken: () => csrfToken, fetch: withCookies })

t.test('signed out, the session is a signed_out error, not a crash', async (t) => {
  const error = await rejection(call(anonymous.GET('/auth/session')))
  t.equal(error.kind, 'signed_out')
  t.equal(error.status, 401)
})

t.test('signed in, the session names the user and hands out the CSRF token', async (t) => {
  const session = await call(client.GET('/auth/session'))
  t.equal(session.user.login, 'octocat')
  t.ok(session.csrfToken)
  csrfToken = session.csrfToken
})

t.test('a state-changing call carries the CSRF token; without it the gateway refuses', async (t) => {
  const path = { params: { path: { deliveryId: 'no-such-delivery' } }, body: {} }
  const token = csrfToken
  csrfToken = null
  const refused = await rejection(call(client.POST('/api/events/{deliveryId}/replay', path)))
  t.equal(refused.kind, 'csrf', 'no token: refused as a CSRF failure')
  csrfToken = token
  const passed = await rejection(call(client.POST('/api/events/{deliveryId}/replay', path)))
  t.equal(passed.kind, 'not_found', 'with the token the request reaches the route: an unknown delivery')
})

t.test('a request the gateway finds malformed is invalid, with its message', async (t) => {
  const error = await rejection(call(client.GET('/api/events', { params: { query: { limit: 1000 } } })))
  t.equal(error.kind, 'invalid')
  t.equal(error.code, 'validation_failed')
  t.match(error.message, /limit/)
})

t.test('a successful list is its typed body', async (t) => {
  const page = await call(client.GET('/api/events', { params: { query: { limit: 10 } } }))
  t.same(page, { events: [], nextCursor: null })
})

t.test('the sign-in address the console links to is one the gateway accepts', async (t) => {
  const res = await fetch(`${base}${loginUrl('/events?status=failed')}`, { redirect: 'manual' })
  t.equal(res.status, 302, 'on to GitHub, not refused as a redirect off the console')
  t.match(res.headers.get('location'), /\/login\/oauth\/authorize/)
})

t.test('a gateway that does not answer is a network error, retryable', async (t) => {
  const nowhere = createApiClient({ baseUrl: 'http://127.0.0.1:9', csrfToken: () => null })
  const error = await rejection(call(nowhere.GET('/auth/session')))
  t.equal(error.kind, 'network')
  t.ok(error.retryable)
})

t.test('past the rate limit the error says how long to wait', async (t) => {
  let error: ApiError | null = null
  for (let i = 0; i < 40 && !error; i++) {
    const failed = await rejection(call(anonymous.GET('/auth/session')))
    if (failed.kind === 'rate_limited') error = failed
  }
  t.ok(error, 'the limit was reached')
  t.equal(error?.status, 429)
  t.ok(error?.retryable)
  t.ok((error?.retryAfterS ?? 0) > 0, `Retry-After kept: ${error?.retryAfterS}`)
})
