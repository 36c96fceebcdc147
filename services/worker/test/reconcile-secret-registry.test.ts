import { randomUUID } from 'node:crypto'
import { Repository, Webhook } from '@gwm/domain'
import { addJob, hookOfRepository, publishHookSecret, readHookEntry, readHookSecrets, SecretBox, secretKey } from '@gwm/queue'
import t from 'tap'
import { type Backing, backing, startWorker, until } from './helpers/start-worker.ts'

// The ingest's hook-secret registry rebuilt from Postgres by the worker (it holds the gateway's
// SECRETS_KEY): at start, and by the rebuild-secret-registry job after Redis lost it.
async function hooks(b: Backing) {
  const box = new SecretBox(b.config.SECRETS_KEY!)
  const em = b.orm.em.fork()
  const repository = em.create(Repository, { githubId: 1296269, owner: 'octocat', name: 'hello-world', fullName: 'octocat/hello-world' } as never)
  const inGrace = new Date(Date.now() + 3_600_000)
  em.create(Webhook, { githubHookId: 81_000_001, repository, events: ['push'], secretEncrypted: box.seal('current-one', 81_000_001) })
  em.create(Webhook, { githubHookId: 81_000_002, repository, events: ['push'], secretEncrypted: box.seal('current-two', 81_000_002), previousSecretEncrypted: box.seal('previous-two', 81_000_002), previousSecretExpiresAt: inGrace })
  em.create(Webhook, { githubHookId: 81_000_003, repository, events: ['push'], secretEncrypted: box.seal('current-three', 81_000_003), previousSecretEncrypted: box.seal('expired-three', 81_000_003), previousSecretExpiresAt: new Date(Date.now() - 1_000) })
  // Sealed with a key this deployment no longer has: left alone, the others still rebuilt.
  em.create(Webhook, { githubHookId: 81_000_004, repository, events: ['push'], secretEncrypted: new SecretBox([Buffer.alloc(32, 7)]).seal('lost', 81_000_004) })
  await em.flush()
  const read = (id: number) => readHookSecrets(b.redis.client, box, b.redis.prefix, id)
  return { box, read }
}

const EXPECTED = [['current-one'], ['current-two', 'previous-two'], ['current-three'], []]
const IDS = [81_000_001, 81_000_002, 81_000_003, 81_000_004]

t.test('rebuilt at start, and by the job after Redis lost it; a second run changes nothing', async (t) => {
  const b = await backing(t, { REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0' })
  const { read } = await hooks(b)
  const worker = await startWorker(t, b)
  await until(async () => (await Promise.all(IDS.map(read))).every((secrets, i) => secrets.length === EXPECTED[i]!.length), 10_000, 'rebuilt at start')
  t.same(await Promise.all(IDS.map(read)), EXPECTED, 'what Postgres says: current, previous while its grace lasts')

  await b.redis.client.del(...IDS.map((id) => secretKey(b.redis.prefix, id)))
  t.same(await read(81_000_001), [], 'Redis lost the registry')
  const queue = worker.queues.reconcile
  const job = await addJob(queue, 'rebuild-secret-registry', {}, `rebuild-${randomUUID()}`)
  await until(async () => (await queue.getJob(job.id!))?.finishedOn, 10_000, 'rebuild ran')
  t.same(await Promise.all(IDS.map(read)), EXPECTED, 'rebuilt by the job')
  t.match((await queue.getJob(job.id!))?.returnvalue, { secrets: { hooks: 4, written: 3, unchanged: 0, unreadable: 1, raced: 0 } })

  const again = await addJob(queue, 'rebuild-secret-registry', {}, `rebuild-${randomUUID()}`)
  await until(async () => (await queue.getJob(again.id!))?.finishedOn, 10_000, 'second rebuild ran')
  t.match((await queue.getJob(again.id!))?.returnvalue, { secrets: { written: 0, unchanged: 3, unreadable: 1 } }, 'idempotent: nothing written')
})

t.test('an entry the gateway changed since is put back to what Postgres says; one with no row is left', async (t) => {
  const b = await backing(t, { REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0' })
  const { box, read } = await hooks(b)
  const worker = await startWorker(t, b)
  await until(async () => (await Promise.all(IDS.map(read))).every((secrets, i) => secrets.length === EXPECTED[i]!.length), 10_000, 'rebuilt at start')
  await b.redis.client.hset(secretKey(b.redis.prefix, 81_000_001), { current: box.seal('wrong', 81_000_001) })
  await b.redis.client.hset(secretKey(b.redis.prefix, 99), { current: box.seal('published elsewhere', 99) })
  const queue = worker.queues.reconcile
  const job = await addJob(queue, 'rebuild-secret-registry', {}, `rebuild-${randomUUID()}`)
  await until(async () => (await queue.getJob(job.id!))?.finishedOn, 10_000, 'rebuild ran')
  t.same(await read(81_000_001), ['current-one'])
  t.same(await read(99), ['published elsewhere'])
})

t.test('without SECRETS_KEY the worker starts, and the rebuild says it is off', async (t) => {
  const b = await backing(t, { REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0' })
  const worker = await startWorker(t, { ...b, config: { ...b.config, SECRETS_KEY: undefined } })
  const job = await addJob(worker.queues.reconcile, 'rebuild-secret-registry', {}, `rebuild-${randomUUID()}`)
  await until(async () => (await worker.queues.reconcile.getJob(job.id!))?.finishedOn, 10_000, 'rebuild ran')
  t.match((await worker.queues.reconcile.getJob(job.id!))?.returnvalue, { secrets: 'no SECRETS_KEY', installations: 'not App mode' })
})

t.test('a rotation left pending (the gateway stopped before GitHub confirmed): its new secret stays accepted after Redis lost the registry', async (t) => {
  const b = await backing(t, { REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0' })
  const box = new SecretBox(b.config.SECRETS_KEY!)
  const em = b.orm.em.fork()
  const repository = em.create(Repository, { githubId: 1296269, owner: 'octocat', name: 'hello-world', fullName: 'octocat/hello-world' } as never)
  em.create(Webhook, { githubHookId: 81_000_005, repository, events: ['push'], secretEncrypted: box.seal('current-five', 81_000_005), pendingSecretEncrypted: box.seal('pending-five', 81_000_005) })
  await em.flush()
  await startWorker(t, b)
  await until(async () => (await readHookSecrets(b.redis.client, box, b.redis.prefix, 81_000_005)).length === 2, 10_000, 'rebuilt at start')
  t.same(await readHookSecrets(b.redis.client, box, b.redis.prefix, 81_000_005), ['current-five', 'pending-five'], 'GitHub may sign with either')
})

t.test("an entry published before hook secrets were bound to their repository is bound by the rebuild", async (t) => {
  const b = await backing(t, { REBUILD_SECRET_REGISTRY_INTERVAL_MS: '0' })
  const box = new SecretBox(b.config.SECRETS_KEY!)
  const em = b.orm.em.fork()
  const repository = em.create(Repository, { githubId: 1296270, owner: 'octocat', name: 'bound', fullName: 'octocat/bound' } as never)
  em.create(Webhook, { githubHookId: 81_000_006, repository, events: ['push'], secretEncrypted: box.seal('current-six', 81_000_006) })
  await em.flush()
  // As a gateway of before published it: the right secret, no repository.
  await publishHookSecret(b.redis.client, box, b.redis.prefix, 81_000_006, { current: 'current-six' })
  await startWorker(t, b)
  await until(async () => (await readHookEntry(b.redis.client, box, b.redis.prefix, 81_000_006)).repositoryId === 1296270, 10_000, 'bound at start')
  t.same(await readHookSecrets(b.redis.client, box, b.redis.prefix, 81_000_006), ['current-six'])
  t.equal(await hookOfRepository(b.redis.client, b.redis.prefix, 1296270), '81000006', 'and named as its repository\'s hook')
})
