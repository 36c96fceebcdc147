import { publishHookSecret, readHookSecrets, SecretBox } from '@gwm/queue'
import { createTestRedis } from '@gwm/testkit'
import t from 'tap'
import { createBatcher } from '../src/lib/batcher.ts'
import { createLoadCache } from '../src/lib/load-cache.ts'

t.test('the batcher flushes what arrives in one turn together, answering each caller', async (t) => {
  const flushed: number[][] = []
  const double = createBatcher<number, number>(async (items) => {
    flushed.push(items)
    return items.map((item) => item * 2)
  })
  t.same(await Promise.all([1, 2, 3].map((n) => double(n))), [2, 4, 6])
  t.same(await double(4), 8)
  t.same(flushed, [[1, 2, 3], [4]], 'one flush per turn')
})

t.test('a failed flush rejects every caller of that batch, and only them', async (t) => {
  let fail = true
  const echo = createBatcher<string, string>(async (items) => {
    if (fail) throw new Error('redis went away')
    return items
  })
  const results = await Promise.allSettled([echo('a'), echo('b')])
  t.same(results.map((result) => result.status), ['rejected', 'rejected'])
  fail = false
  t.equal(await echo('c'), 'c', 'the next batch is unaffected')
})

t.test('the batcher never holds more than maxBatch items', async (t) => {
  const sizes: number[] = []
  const count = createBatcher<number, number>(async (items) => {
    sizes.push(items.length)
    return items
  }, 4)
  await Promise.all(Array.from({ length: 10 }, (_, i) => count(i)))
  t.same(sizes, [4, 4, 2])
})

t.test('hook secrets come from the registry once per TTL, shared by concurrent deliveries', async (t) => {
  const redis = await createTestRedis(t)
  const box = new SecretBox([Buffer.alloc(32, 7)])
  await publishHookSecret(redis.client, box, redis.prefix, 11, { current: 'first-secret' })
  let reads = 0
  let clock = 1_000_000
  const cache = createLoadCache(async (hookId) => {
    reads++
    return readHookSecrets(redis.client, box, redis.prefix, hookId)
  }, { ttlMs: 30_000, now: () => clock })

  t.same(await Promise.all([cache.get('11'), cache.get('11'), cache.get('11')]), [['first-secret'], ['first-secret'], ['first-secret']])
  t.equal(reads, 1, 'one read for three concurrent deliveries')
  await publishHookSecret(redis.client, box, redis.prefix, 11, { current: 'second-secret' })
  t.same(await cache.get('11'), ['first-secret'], 'cached within the TTL')
  t.same(await cache.get('11', { fresh: true }), ['first-secret'], 'a fresh read is throttled to one a second')
  clock += 1_000
  t.same(await cache.get('11', { fresh: true }), ['second-secret'], 'then it re-reads')
  t.equal(reads, 2)
  clock += 30_000
  await cache.get('11')
  t.equal(reads, 3, 'and re-reads when the TTL is over')
  t.same(await cache.get('12'), [], 'an unknown hook has no secrets')
})

t.test('a failed registry read is not cached', async (t) => {
  let attempt = 0
  const cache = createLoadCache(async () => {
    attempt++
    if (attempt === 1) throw new Error('registry unreachable')
    return ['secret']
  }, { ttlMs: 30_000 })
  await t.rejects(cache.get('1'), /registry unreachable/)
  t.same(await cache.get('1'), ['secret'])
})

t.test('the cache is bounded: the oldest hook is forgotten first', async (t) => {
  const loads: string[] = []
  const cache = createLoadCache(async (hookId) => {
    loads.push(hookId)
    return [`secret-${hookId}`]
  }, { ttlMs: 60_000, maxEntries: 2 })
  await cache.get('1')
  await cache.get('2')
  await cache.get('3')
  await cache.get('2')
  await cache.get('1')
  t.same(loads, ['1', '2', '3', '1'])
})
