import t from 'tap'
import { CallbackRetryError, makeBackoffStrategy, nominalDelay, parseRetryAfter, retryDelay } from '../src/deliver/backoff.ts'
import { classify } from '../src/deliver/classify.ts'

const DEFAULT = { baseMs: 30_000, maxMs: 7_200_000 }
const HOUR = 3_600_000

t.test('the default schedule: 30 s doubling to 2 h, 19 retries spanning about a day', async (t) => {
  const delays = Array.from({ length: 19 }, (_, i) => nominalDelay(i + 1, DEFAULT))
  t.same(delays.slice(0, 9), [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_840_000, 7_200_000])
  t.ok(delays.slice(8).every((d) => d === 7_200_000))
  const total = delays.reduce((sum, d) => sum + d, 0)
  t.ok(total > 23 * HOUR && total < 25 * HOUR, `total ${(total / HOUR).toFixed(1)} h`)
})

t.test('jitter stays within +-20 %', async (t) => {
  t.equal(retryDelay(1, DEFAULT, () => 0), 24_000)
  t.equal(retryDelay(1, DEFAULT, () => 1), 36_000)
  t.equal(retryDelay(1, DEFAULT, () => 0.5), 30_000)
})

t.test('Retry-After: seconds or an HTTP date, capped at a day, garbage ignored', async (t) => {
  const now = Date.parse('2026-01-01T00:00:00Z')
  t.equal(parseRetryAfter('7', now), 7_000)
  t.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60_000)
  t.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0)
  t.equal(parseRetryAfter('999999', now), 86_400_000)
  t.equal(parseRetryAfter('soon', now), undefined)
  t.equal(parseRetryAfter(undefined, now), undefined)
})

t.test('the BullMQ strategy uses the delay the processor chose, else the schedule', async (t) => {
  const strategy = makeBackoffStrategy({ baseMs: 100, maxMs: 1_000 })
  t.equal(strategy(3, 'callback', new CallbackRetryError('HTTP 429', 4_321)), 4_321)
  const fallback = Number(strategy(3, 'callback', new Error('connection refused')))
  t.ok(fallback >= 320 && fallback <= 480, `fallback ${fallback}`)
})

t.test('classify: 2xx delivered; 408, 429, 5xx, no answer retried; other 4xx and 3xx final', async (t) => {
  const verdict = (statusCode: number | null) => classify({ statusCode, durationMs: 1, error: statusCode === null ? 'ECONNREFUSED' : null }).result
  t.same([200, 201, 204].map(verdict), ['delivered', 'delivered', 'delivered'])
  t.same([408, 429, 500, 502, 503, null].map(verdict), ['retry', 'retry', 'retry', 'retry', 'retry', 'retry'])
  t.same([400, 401, 403, 404, 410, 422, 301].map(verdict), Array(7).fill('failed'))
})
