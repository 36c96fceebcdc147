import { HttpError } from '@gwm/runtime'
import { createTestRedis } from '@gwm/testkit'
import t from 'tap'
import { repoLock } from '../src/lib/webhooks/repo-lock.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('a change that outlasts the lock\'s TTL keeps it: the lock is renewed, a second change is refused', async (t) => {
  const redis = await createTestRedis(t)
  const lock = repoLock(redis.client, redis.prefix, { ttlMs: 300 })
  let second: unknown
  const first = lock(1296269, async () => {
    await sleep(1_000) // more than three TTLs
    second = await lock(1296269, async () => 'ran').catch((error: unknown) => error)
    return 'first done'
  })
  t.equal(await first, 'first done')
  t.ok(second instanceof HttpError && second.statusCode === 409, 'the second holder is refused while the first works')
  t.equal(await lock(1296269, async () => 'ran'), 'ran', 'free again once the first is done')
})

t.test('the lock is the repository\'s, by id: a rename does not give a second holder another lock', async (t) => {
  const redis = await createTestRedis(t)
  const lock = repoLock(redis.client, redis.prefix, { ttlMs: 300 })
  const keys: string[] = []
  await lock(1296269, async () => {
    keys.push(...(await redis.client.keys(`${redis.prefix}:hook-lock:*`)))
  })
  t.same(keys, [`${redis.prefix}:hook-lock:1296269`])
})

t.test('a holder whose lock lapsed anyway (Redis lost it) is fenced before its next write', async (t) => {
  const redis = await createTestRedis(t)
  const lock = repoLock(redis.client, redis.prefix, { ttlMs: 300 })
  const outcome = await lock(1296269, async (lease) => {
    await lease.ensureHeld()
    await redis.client.del(`${redis.prefix}:hook-lock:1296269`)
    await redis.client.set(`${redis.prefix}:hook-lock:1296269`, 'someone else')
    return lease.ensureHeld().then(() => 'wrote anyway', (error: unknown) => error)
  })
  t.ok(outcome instanceof HttpError && outcome.statusCode === 409, 'refused: another change holds the lock now')
  t.equal(await redis.client.get(`${redis.prefix}:hook-lock:1296269`), 'someone else', 'and the other holder\'s lock is left alone')
})
