import t from 'tap'
import { apiErrorOf, retryAfterSeconds } from '../src/api-error.ts'

const headers = (init: Record<string, string> = {}) => new Headers(init)
const body = (error: string, message: string, extra: Record<string, unknown> = {}) => ({ error, message, ...extra })

t.test('each status maps to what a page does about it', async (t) => {
  const cases: Array<[number, string, string, boolean]> = [
    [401, 'unauthorized', 'signed_out', false],
    [403, 'csrf_invalid', 'csrf', false],
    [403, 'forbidden', 'forbidden', false],
    [404, 'not_found', 'not_found', false],
    [409, 'app_not_installed', 'conflict', false],
    [400, 'validation_failed', 'invalid', false],
    [429, 'rate_limited', 'rate_limited', true],
    [502, 'github_unavailable', 'unavailable', true],
    [503, 'unavailable', 'unavailable', true],
    [500, 'internal', 'failed', false],
  ]
  for (const [status, code, kind, retryable] of cases) {
    const error = apiErrorOf(status, headers(), body(code, `the gateway says ${code}`))
    t.equal(error.kind, kind, `${status} ${code} is ${kind}`)
    t.equal(error.retryable, retryable, `${status} ${code} ${retryable ? 'may' : 'may not'} be retried`)
    t.equal(error.code, code)
    t.equal(error.message, `the gateway says ${code}`, 'the gateway\'s own message is kept')
  }
})

t.test('Retry-After, as seconds or as a date, is kept in seconds', async (t) => {
  t.equal(apiErrorOf(429, headers({ 'retry-after': '12' }), body('rate_limited', 'slow down')).retryAfterS, 12)
  const now = Date.parse('2026-12-06T10:00:00Z')
  t.equal(retryAfterSeconds('Sun, 06 Dec 2026 10:00:30 GMT', now), 30)
  t.equal(retryAfterSeconds('soon', now), null, 'unreadable: unknown, not zero')
  t.equal(retryAfterSeconds(null, now), null)
})

t.test('an answer without the gateway\'s body still reads as a sentence', async (t) => {
  const proxy = apiErrorOf(503, headers(), '<html>Service Unavailable</html>')
  t.equal(proxy.kind, 'unavailable')
  t.equal(proxy.code, 'http_503')
  t.match(proxy.message, /unavailable right now: try again/)
  t.notMatch(proxy.message, /<html>/, 'markup from a proxy is not shown')
  t.match(apiErrorOf(418, headers(), undefined).message, /HTTP 418/)
})

t.test('the body\'s other fields travel with the error (the App\'s install page)', async (t) => {
  const error = apiErrorOf(409, headers(), body('app_not_installed', 'install the App', { installUrl: 'https://github.com/apps/x/installations/new' }))
  t.same(error.details, { installUrl: 'https://github.com/apps/x/installations/new' })
})
