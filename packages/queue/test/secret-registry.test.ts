import { randomBytes } from 'node:crypto'
import { createTestRedis } from '@gwm/testkit'
import t from 'tap'
import { hookOfRepository, publishHookSecret, readHookEntry, readHookSecrets, removeHookSecret, SecretBox, secretKey } from '../src/index.ts'

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

t.test("a hook's entry names its repository, and the registry which hook each repository has", async (t) => {
  const redis = await createTestRedis(t)
  const box = new SecretBox([key()])
  await publishHookSecret(redis.client, box, redis.prefix, 42, { current: 'first', repositoryId: 7 })
  t.same(await readHookEntry(redis.client, box, redis.prefix, 42), { secrets: ['first'], repositoryId: 7 })
  t.equal(await hookOfRepository(redis.client, redis.prefix, 7), '42')
  // A new hook of the same repository, then the old one removed: the repository keeps the new one.
  await publishHookSecret(redis.client, box, redis.prefix, 43, { current: 'second', repositoryId: 7 })
  await removeHookSecret(redis.client, redis.prefix, 42)
  t.equal(await hookOfRepository(redis.client, redis.prefix, 7), '43')
  await removeHookSecret(redis.client, redis.prefix, 43)
  t.equal(await hookOfRepository(redis.client, redis.prefix, 7), undefined)
  t.same(await readHookEntry(redis.client, box, redis.prefix, 43), { secrets: [], repositoryId: undefined })
})
