import { createServer } from 'node:http'
import { closedPort } from '@gwm/testkit'
import t from 'tap'
import {
  BadCredentialsError,
  createGitHubClient,
  ensureHook,
  ForbiddenError,
  GitHubApiError,
  GitHubUnavailableError,
  getProfile,
  getRepo,
  listHooks,
  NotFoundError,
  toGitHubError,
  ValidationFailedError,
} from '../src/index.ts'
import { clientFor, startSim } from './helpers.ts'

const failure = (call: Promise<unknown>) => call.then(() => { throw new Error('expected a failure') }, (error: unknown) => error)

t.test('401: an unknown or revoked token is BadCredentialsError', async (t) => {
  const sim = await startSim(t)
  const token = sim.control.addToken('octocat')
  const github = clientFor(sim, token)
  t.equal((await getProfile(github)).login, 'octocat')
  sim.control.revokeToken(token)
  const error = await failure(getProfile(github))
  t.ok(error instanceof BadCredentialsError)
  t.match(error, { code: 'bad_credentials', status: 401, message: /GitHub rejected the token \(Bad credentials\); sign in again/ })
  t.equal(sim.control.stats().requests, 2, 'a 401 is not retried')
})

t.test('403 without admin rights is ForbiddenError with needsAdmin', async (t) => {
  const sim = await startSim(t)
  const error = await failure(listHooks(clientFor(sim, 'hubot-token'), { owner: 'octocat', repo: 'hello-world' }))
  t.ok(error instanceof ForbiddenError)
  t.equal((error as ForbiddenError).needsAdmin, true)
  t.match(error, { code: 'needs_admin', status: 403, message: /admin rights on the repository are needed/ })
})

t.test('404: a repo that is not visible, or hooks of a repo only readable', async (t) => {
  const sim = await startSim(t)
  const hidden = await failure(getRepo(clientFor(sim, 'hubot-token'), 'octocat', 'private-notes'))
  t.ok(hidden instanceof NotFoundError)
  const readOnly = await failure(listHooks(clientFor(sim, 'octocat-token'), { owner: 'hubot', repo: 'scripts' }))
  t.ok(readOnly instanceof NotFoundError, 'GitHub hides hooks from readers with a 404')
  t.equal(sim.control.stats().requests, 2, 'a 404 is not retried')
})

t.test('422: GitHub validation errors carry its reasons', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token')
  const error = await failure(ensureHook(github, { owner: 'octocat', repo: 'hello-world', url: 'http://127.0.0.1:1/hook', secret: 's3cret-value', events: ['push', 'not-an-event'] }))
  t.ok(error instanceof ValidationFailedError)
  t.match(error, { code: 'validation_failed', status: 422, message: /Validation Failed: Invalid event: "not-an-event"/ })
  t.match((error as ValidationFailedError).errors, [{ resource: 'Hook', code: 'custom' }])
})

t.test('5xx: retried with backoff, then GitHubUnavailableError', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token', { retries: 2 })
  sim.control.setOutage({ status: 502, times: 1 })
  t.equal((await getProfile(github)).login, 'octocat', 'one 502 is retried away')
  t.equal(sim.control.stats().outages, 1)

  sim.control.setOutage({ status: 503 })
  const before = sim.control.stats().requests
  const error = await failure(getRepo(github, 'octocat', 'hello-world'))
  t.ok(error instanceof GitHubUnavailableError)
  t.match(error, { code: 'unavailable', status: 503, message: /GitHub answered 503 \(Service Unavailable\); try again later/ })
  t.equal(sim.control.stats().requests - before, 3, 'the first try and two retries, no more')
})

t.test('connection refused and timeouts are GitHubUnavailableError with status 0', async (t) => {
  const refused = createGitHubClient({ baseUrl: `http://127.0.0.1:${await closedPort()}/api/v3`, token: 'x', retries: 0 })
  const error = await failure(getProfile(refused))
  t.ok(error instanceof GitHubUnavailableError)
  t.match(error, { status: 0, message: /GET \/api\/v3\/user: GitHub could not be reached/ })

  const stalled = createServer(() => { /* never answers */ })
  await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>((resolve) => {
    stalled.closeAllConnections()
    stalled.close(() => resolve())
  }))
  const port = (stalled.address() as { port: number }).port
  const slow = createGitHubClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'x', retries: 1, retryBaseMs: 10, timeoutMs: 150 })
  const started = Date.now()
  const timeout = await failure(getProfile(slow))
  t.ok(timeout instanceof GitHubUnavailableError)
  t.match(timeout, { status: 0, message: /could not be reached \(.*(timeout|aborted).*\)/i })
  t.ok(Date.now() - started < 2_000, 'the timeout bounds the wait')
})

t.test('toGitHubError leaves programming errors alone and maps a plain 403', async (t) => {
  const bug = new TypeError('oops')
  t.equal(toGitHubError(bug), bug)
  const mapped = toGitHubError({ status: 403, message: 'x', request: { method: 'POST', url: 'https://api.github.com/repos/o/r/hooks?x=1' }, response: { headers: {}, data: { message: 'Resource not accessible by integration' } } })
  t.ok(mapped instanceof ForbiddenError)
  t.match(mapped, { code: 'forbidden', message: 'POST /repos/o/r/hooks: GitHub refused (Resource not accessible by integration)' })
  t.equal((mapped as ForbiddenError).needsAdmin, false)
  const other = toGitHubError({ status: 410, message: 'Gone', response: { headers: {}, data: { message: 'Gone' } } })
  t.ok(other instanceof GitHubApiError)
  t.match(other, { code: 'request_failed', status: 410 })
})
