import { spawn } from 'node:child_process'
import { createCipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto'
import { createRedis, SecretBox, secretKey, waitForRedis } from '@gwm/queue'
import pg from 'pg'
import t from 'tap'
import { LogBook } from './lib/processes.ts'
import { startRedisServer } from './lib/redis-server.ts'
import { createStack } from './lib/stack.ts'

t.setTimeout(120_000)

/** What the first format stored: v1.<iv>.<tag>.<data>, no key id, bound to no hook. */
function sealV1(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.')
}

/** The re-seal command as an operator runs it: its own process, the worker's environment. */
function reseal(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['services/worker/src/reseal-secrets.ts'], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    child.on('exit', (code) => resolve({ code, output }))
  })
}

t.test('SECRETS_KEY rotation: re-sealed with the new key, every hook still verifies at an ingest that holds only the new key', async (t) => {
  const logs = new LogBook()
  const redis = await startRedisServer(t, { name: 'redis' })
  const oldKey = randomBytes(32)
  const newKey = randomBytes(32)
  // The registry starts sealed with the old key, as a deployment before the rotation left it.
  const stack = await createStack(t, { redisUrl: redis.url, logs, env: { SECRETS_KEY: oldKey.toString('hex') } })
  const hooks = stack.hooks.filter((hook): hook is { id: number; secret: string } => hook.id !== undefined)
  const db = new pg.Client({ connectionString: stack.databaseUrl })
  await db.connect()
  t.teardown(() => db.end())
  const keys = createRedis(redis.url, 'producer', 'reseal-test')
  t.teardown(() => keys.disconnect())
  await waitForRedis(keys, 10_000)

  const repository = randomUUID()
  await db.query("insert into repositories (id, github_id, full_name, default_branch, private, created_at, updated_at) values ($1, 1296269, 'octocat/hello-world', 'main', false, now(), now())", [repository])
  const old = new SecretBox([oldKey])
  const [legacy, current, rotated] = hooks as [typeof hooks[0], typeof hooks[0], typeof hooks[0]]
  const previous = `previous-${randomUUID()}`
  const row = (hookId: number, sealed: string, prev: string | null) =>
    db.query('insert into webhooks (id, github_hook_id, repository_id, events, secret_encrypted, previous_secret_encrypted, previous_secret_expires_at, active, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, true, now(), now())',
      [randomUUID(), hookId, repository, ['push'], sealed, prev, prev ? new Date(Date.now() + 3_600_000) : null])
  await row(legacy.id, sealV1(oldKey, legacy.secret), null) // the first format: no key id, no hook
  await row(current.id, old.seal(current.secret, current.id), null)
  await row(rotated.id, old.seal(rotated.secret, rotated.id), old.seal(previous, rotated.id)) // in a rotation's grace
  await keys.hset(secretKey(stack.prefix, legacy.id), { current: sealV1(oldKey, legacy.secret) })

  const both = { ...stack.env, SECRETS_KEY: `${newKey.toString('hex')},${oldKey.toString('hex')}` }
  const first = await reseal(both)
  t.equal(first.code, 0, `the command succeeds\n${first.output}`)
  t.match(first.output, /"resealed":3/)

  const newId = new SecretBox([newKey]).keyId
  const sealedValues = async () => {
    const rows = (await db.query<{ secret_encrypted: string; previous_secret_encrypted: string | null }>('select secret_encrypted, previous_secret_encrypted from webhooks')).rows
    const stored = rows.flatMap((r) => [r.secret_encrypted, r.previous_secret_encrypted]).filter((value): value is string => value !== null)
    const registry = await Promise.all(hooks.map(async (hook) => Object.entries(await keys.hgetall(secretKey(stack.prefix, hook.id)))))
    return [...stored, ...registry.flat().filter(([field]) => field === 'current' || field === 'previous').map(([, value]) => value)]
  }
  const values = await sealedValues()
  t.equal(values.length, 8, 'four values in Postgres, four in the registry')
  t.same(values.filter((value) => !value.startsWith(`v2.${newId}.`)), [], `every stored value names the new key ${newId}`)

  const again = await reseal(both)
  t.equal(again.code, 0)
  t.match(again.output, /"resealed":0/, 'idempotent: nothing left to re-seal')
  t.same(await sealedValues(), values, 'a second run writes nothing')

  // The old key dropped: the ingest holds only the new one.
  stack.env.SECRETS_KEY = newKey.toString('hex')
  const [ingest] = stack.ingests
  await ingest!.start()
  const deliver = async (hookId: number, secret: string) => {
    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: hookId, hook: { id: hookId, type: 'Repository', events: ['push'] }, repository: { id: 1296269, full_name: 'octocat/hello-world' } })
    const res = await fetch(`${ingest!.url}/api/webhook`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'ping',
        'x-github-delivery': randomUUID(),
        'x-github-hook-id': String(hookId),
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
    })
    await res.body?.cancel()
    return res.status
  }
  for (const hook of hooks) t.equal(await deliver(hook.id, hook.secret), 202, `hook ${hook.id}: a delivery signed with its secret is accepted`)
  t.equal(await deliver(rotated.id, previous), 202, 'the previous secret still verifies during its grace')
  t.equal(await deliver(current.id, legacy.secret), 401, 'another hook\'s secret does not')
})
