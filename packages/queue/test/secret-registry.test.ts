import { randomBytes } from 'node:crypto'
import { createTestRedis } from '@gwm/testkit'
import t from 'tap'
import { publishHookSecret, readHookSecrets, removeHookSecret, SecretBox, secretKey } from '../src/index.ts'

const key = () => randomBytes(32)

t.test('a sealed secret opens with its key, and with the old key after rotation', async (t) => {
  const oldKey = key()
  const sealed = new SecretBox([oldKey]).seal('hook-secret', 42)
  t.not(sealed.includes('hook-secret'), true, 'not readable as stored')
  t.equal(new SecretBox([key(), oldKey]).open(sealed, 42), 'hook-secret')
  t.throws(() => new SecretBox([key()]).open(sealed, 42), /could not be opened/)
  t.throws(() => new SecretBox([oldKey]).open('garbage', 42), /not a sealed secret/)
})

t.test('the registry keeps current and, until its deadline, previous', async (t) => {
  const redis = await createTestRedis(t)
  const box = new SecretBox([key()])
  await publishHookSecret(redis.client, box, redis.prefix, 42, { current: 'new', previous: 'old', previousUntil: Date.now() + 60_000 })
  t.same(await readHookSecrets(redis.client, box, redis.prefix, 42), ['new', 'old'])
  t.same(await readHookSecrets(redis.client, box, redis.prefix, 42, Date.now() + 120_000), ['new'], 'grace window over')
  const stored = JSON.stringify(await redis.client.hgetall(secretKey(redis.prefix, 42)))
  t.notMatch(stored, /"new"|"old"/, 'stored sealed')
  await removeHookSecret(redis.client, redis.prefix, 42)
  t.same(await readHookSecrets(redis.client, box, redis.prefix, 42), [])
})
