import t from 'tap'
import { getProfile, getRepo, RateLimitedError } from '../src/index.ts'
import { clientFor, startSim } from './helpers.ts'

const failure = (call: Promise<unknown>) => call.then(() => { throw new Error('expected a failure') }, (error: unknown) => error)

t.test('a secondary limit with retry-after is waited out once, not hammered', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token')
  sim.control.setRateLimit({ kind: 'secondary', retryAfter: 1, times: 1 })
  const started = Date.now()
  t.equal((await getProfile(github)).login, 'octocat')
  t.ok(Date.now() - started >= 950, `waited the retry-after second (${Date.now() - started} ms)`)
  t.equal(sim.control.stats().rateLimited, 1)
})

t.test('a primary limit (x-ratelimit-remaining: 0) waits for x-ratelimit-reset', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token')
  sim.control.setRateLimit({ kind: 'primary', resetIn: 0, times: 1 })
  const started = Date.now()
  t.equal((await getRepo(github, 'octocat', 'hello-world')).name, 'hello-world')
  t.ok(Date.now() - started >= 500, `waited for the reset (${Date.now() - started} ms)`)
  t.equal(sim.control.stats().requests, 2, 'one refused request, one retry')
})

t.test('a limit that lasts past the retry budget is RateLimitedError after one wait', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token')
  sim.control.setRateLimit({ kind: 'secondary', retryAfter: 1 })
  const error = await failure(getProfile(github))
  t.ok(error instanceof RateLimitedError)
  t.match(error, { code: 'rate_limited', kind: 'secondary', retryAfterSeconds: 1, resetAt: null, message: /secondary rate limit was hit; retry after 1 s/ })
  t.equal(sim.control.stats().requests, 2, 'first try and one retry: no hot loop')
})

t.test('a long primary limit (here a 429) fails at once with the reset time', async (t) => {
  const sim = await startSim(t)
  const github = clientFor(sim, 'octocat-token', { maxRateLimitWaitSeconds: 60 })
  sim.control.setRateLimit({ kind: 'primary', status: 429, resetIn: 600 })
  const started = Date.now()
  const error = await failure(getProfile(github))
  t.ok(error instanceof RateLimitedError)
  const limited = error as RateLimitedError
  t.equal(limited.kind, 'primary')
  t.ok(limited.resetAt && Math.abs(limited.resetAt.getTime() - (Date.now() + 600_000)) < 5_000, 'resetAt is the x-ratelimit-reset time')
  t.ok(limited.retryAfterSeconds > 590 && limited.retryAfterSeconds <= 601, `retryAfterSeconds ${limited.retryAfterSeconds}`)
  t.equal(limited.status, 429)
  t.match(limited.message, /rate limit is used up until \d{4}-/)
  t.equal(sim.control.stats().requests, 1, 'no retry when the wait is too long')
  t.ok(Date.now() - started < 1_000, 'and no waiting either')
})
