import { createHmac } from 'node:crypto'
import { example, redisUrl } from '@gwm/testkit'
import { sign } from '@octokit/webhooks-methods'
import t, { type Test } from 'tap'
import { delivery, deliver, HOOK_ID, HOOK_SECRET, post } from './helpers/deliveries.ts'
import { type Ingest, startIngest } from './helpers/start-ingest.ts'
import { startTcpProxy } from './helpers/tcp-proxy.ts'

const GLOBAL_SECRET = 'global-webhook-secret-for-signature-tests'

/** Each row: headers changed from a valid delivery of HOOK_ID, and the 401 it must get. */
async function expect401(t: Test, ingest: Ingest, change: (headers: Record<string, string>, body: string) => Promise<Record<string, string>> | Record<string, string>, code: string, message: RegExp, bodyOverride?: string) {
  const sent = await delivery()
  const headers = await change({ ...sent.headers }, sent.body)
  const res = await post(ingest.app, headers, bodyOverride ?? sent.body)
  t.equal(res.statusCode, 401, `401 ${code}`)
  t.equal(res.json().error, code)
  t.match(res.json().message, message)
  t.same(Object.keys(res.json()).sort(), ['error', 'message'], 'only {error, message}')
  return res
}

t.test('every bad signature is a 401 that names what is wrong with the request (or, about our secrets, nothing) and stores nothing', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  await ingest.publish(5150, { current: 'secret-of-another-hook' })
  const drop = (name: string) => (headers: Record<string, string>) => {
    delete headers[name]
    return headers
  }
  const set = (name: string, value: string) => (headers: Record<string, string>) => ({ ...headers, [name]: value })

  await expect401(t, ingest, drop('x-hub-signature-256'), 'missing_signature', /X-Hub-Signature-256 is missing/)
  await expect401(t, ingest, async (headers, body) => {
    delete headers['x-hub-signature-256']
    return { ...headers, 'x-hub-signature': `sha1=${createHmac('sha1', HOOK_SECRET).update(body).digest('hex')}` }
  }, 'sha1_only', /sha1 signatures \(X-Hub-Signature\) alone are not accepted/)
  await expect401(t, ingest, set('x-hub-signature-256', `sha256=${'0'.repeat(64)}`), 'unauthorized', /could not be verified/)
  await expect401(t, ingest, set('x-hub-signature-256', 'sha256=not-hex'), 'malformed_signature', /malformed/)
  await expect401(t, ingest, (headers) => ({ ...headers, 'x-hub-signature-256': headers['x-hub-signature-256']!.slice(0, -2) }), 'malformed_signature', /64 hex digits/)
  await expect401(t, ingest, (headers) => ({ ...headers, 'x-hub-signature-256': `${headers['x-hub-signature-256']}00` }), 'malformed_signature', /64 hex digits/)
  await expect401(t, ingest, (headers) => ({ ...headers, 'x-hub-signature-256': headers['x-hub-signature-256']!.replace('sha256=', 'sha1=') }), 'malformed_signature', /malformed/)
  await expect401(t, ingest, set('x-hub-signature-256', ''), 'missing_signature', /missing/)

  // Valid signatures, but not for this body or not with this hook's secret.
  await expect401(t, ingest, (headers) => headers, 'unauthorized', /could not be verified/, '{"zen":"tampered body"}')
  await expect401(t, ingest, async (headers, body) => ({ ...headers, 'x-hub-signature-256': await sign('secret-of-another-hook', body) }), 'unauthorized', /could not be verified/)
  await expect401(t, ingest, async (headers, body) => ({ ...headers, 'x-github-hook-id': '5150', 'x-hub-signature-256': await sign(HOOK_SECRET, body) }), 'unauthorized', /could not be verified/)
  await expect401(t, ingest, set('x-github-hook-id', '999999'), 'unauthorized', /could not be verified/)
  await expect401(t, ingest, drop('x-github-hook-id'), 'unauthorized', /could not be verified/)

  t.equal((await ingest.jobs()).length, 0, 'nothing was stored')
  const metrics = (await ingest.app.inject('/metrics')).body
  t.match(metrics, /gwm_ingest_verification_failures_total\{reason="signature_mismatch",service="ingest"\} 4/)
  t.match(metrics, /gwm_ingest_verification_failures_total\{reason="malformed_signature",service="ingest"\} 4/)
  t.match(metrics, /gwm_ingest_deliveries_total\{event="unverified",outcome="rejected",service="ingest"\} 13/)
})

t.test('with WEBHOOK_SECRET set, a hook with its own secret still refuses the global one', async (t) => {
  const ingest = await startIngest(t, { env: { WEBHOOK_SECRET: GLOBAL_SECRET } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  await expect401(t, ingest, async (headers, body) => ({ ...headers, 'x-hub-signature-256': await sign(GLOBAL_SECRET, body) }), 'unauthorized', /could not be verified/)
  await expect401(t, ingest, async (headers, body) => ({ ...headers, 'x-github-hook-id': '31337', 'x-hub-signature-256': await sign('not-the-global-secret', body) }), 'unauthorized', /could not be verified/)
  t.equal((await ingest.jobs()).length, 0)
})

t.test('a hook refused as unknown (its first ping came before the gateway published its secret) is accepted as soon as the secret is published', async (t) => {
  const ingest = await startIngest(t)
  const early = await delivery()
  const refused = await post(ingest.app, early.headers, early.body)
  t.equal(refused.statusCode, 401)
  t.equal(refused.json().error, 'unauthorized')
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const next = await delivery()
  const accepted = await post(ingest.app, next.headers, next.body)
  t.equal(accepted.statusCode, 202, 'the next delivery, at once: "unknown" was not kept')
  t.equal((await ingest.jobs()).length, 1, 'stored')
})

t.test('no secret, signature or body reaches the logs', async (t) => {
  const ingest = await startIngest(t, { env: { WEBHOOK_SECRET: GLOBAL_SECRET } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const good = await delivery()
  t.equal((await post(ingest.app, good.headers, good.body)).statusCode, 202)
  const bad = await delivery({ secret: 'wrong-secret-value-xyz' })
  t.equal((await post(ingest.app, bad.headers, bad.body)).statusCode, 401)
  const logs = ingest.logs.join('')
  t.ok(ingest.logs.length >= 2, 'one line per delivery')
  for (const secret of [HOOK_SECRET, GLOBAL_SECRET, 'wrong-secret-value-xyz', good.headers['x-hub-signature-256']!, bad.headers['x-hub-signature-256']!, ingest.config.SECRETS_KEY[0]!.toString('hex')]) {
    t.notOk(logs.includes(secret), 'a secret or signature is not logged')
  }
  t.notOk(logs.includes('"commits"'), 'payloads are not logged')
  const stored = JSON.parse(ingest.logs.find((line) => line.includes('delivery stored'))!)
  t.match(stored, { level: 30, service: 'ingest', reqId: good.deliveryId, deliveryId: good.deliveryId, event: 'push', hookId: String(HOOK_ID), status: 202 })
  const refused = JSON.parse(ingest.logs.find((line) => line.includes('delivery not stored'))!)
  t.match(refused, { level: 40, reqId: bad.deliveryId, status: 401, error: 'signature_mismatch' })
})

t.test('a POST with no body at all is a 400, whatever its content type', async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const sent = await delivery()
  for (const type of ['application/json', undefined]) {
    const headers = { ...sent.headers }
    if (type === undefined) delete headers['content-type']
    const res = await ingest.app.inject({ method: 'POST', url: '/api/webhook', headers })
    t.equal(res.statusCode, 400, `content type ${type ?? 'none'}`)
    t.same(res.json(), { error: 'bad_request', message: 'the request body is empty: expected the event payload' })
  }
  t.equal((await ingest.jobs()).length, 0)
})

t.test('an outsider learns nothing from a 401: unknown hook, wrong signature and no secret at all get the same body; the reason is in the log and the metric', async (t) => {
  const plain = await startIngest(t)
  await plain.publish(HOOK_ID, { current: HOOK_SECRET })
  const global = await startIngest(t, { env: { WEBHOOK_SECRET: GLOBAL_SECRET } })
  await global.publish(HOOK_ID, { current: HOOK_SECRET })
  const refusals = [
    { ingest: plain, sent: await delivery({ hookId: 999_999 }), reason: 'unknown_hook', detail: /no secret is registered for hook 999999/ },
    { ingest: plain, sent: await delivery({ hookId: null }), reason: 'unknown_hook', detail: /names no hook/ },
    { ingest: plain, sent: await delivery({ secret: 'not-the-hook-secret' }), reason: 'signature_mismatch', detail: /hook 424242/ },
    { ingest: global, sent: await delivery({ hookId: 999_999, secret: 'not-the-global-secret' }), reason: 'signature_mismatch', detail: /WEBHOOK_SECRET/ },
    { ingest: global, sent: await delivery({ secret: GLOBAL_SECRET }), reason: 'signature_mismatch', detail: /hook 424242/ },
  ]
  const bodies = new Set<string>()
  for (const { ingest, sent } of refusals) {
    const res = await post(ingest.app, sent.headers, sent.body)
    t.equal(res.statusCode, 401)
    bodies.add(res.body)
  }
  t.equal(bodies.size, 1, `one body for every refusal: ${[...bodies].join(' | ')}`)
  t.same(JSON.parse([...bodies][0]!), { error: 'unauthorized', message: 'the delivery could not be verified: check the webhook\'s secret (the ingest\'s log says why)' })
  for (const { ingest, sent, reason, detail } of refusals) {
    const line = JSON.parse(ingest.logs.find((candidate) => candidate.includes(sent.deliveryId) && candidate.includes('delivery not stored'))!)
    t.equal(line.error, reason, `the log names the reason (${reason})`)
    t.match(line.detail, detail, 'and the detail')
  }
  t.match((await plain.app.inject('/metrics')).body, /gwm_ingest_verification_failures_total\{reason="unknown_hook",service="ingest"\} 2/)
  t.match((await global.app.inject('/metrics')).body, /gwm_ingest_verification_failures_total\{reason="signature_mismatch",service="ingest"\} 2/)
})

t.test('10,000 random hook ids in flight at once do not push a known hook out of the secret cache', async (t) => {
  const target = new URL(await redisUrl())
  const proxy = await startTcpProxy(t, { host: target.hostname, port: Number(target.port || 6379) })
  const ingest = await startIngest(t, { redisUrl: `redis://127.0.0.1:${proxy.port}`, env: { SECRET_CACHE_TTL_MS: '600000', ENQUEUE_TIMEOUT_MS: '10000' } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const warm = await delivery()
  t.equal((await post(ingest.app, warm.headers, warm.body)).statusCode, 202, 'the known hook, read once')

  // Every read of the known hook's registry entry from here on, as Redis sees it.
  const monitor = await ingest.redis.client.monitor()
  t.teardown(() => monitor.disconnect())
  let knownReads = 0
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.includes(`${ingest.redis.prefix}:hook-secret:${HOOK_ID}`)) knownReads += 1
  })

  const sent = await delivery({ hookId: 1, body: '{}' })
  proxy.stall() // the registry reads of the random ids are all in flight together
  const random = Array.from({ length: 10_000 }, (_, i) => post(ingest.app, { ...sent.headers, 'x-github-hook-id': String(10_000_000 + i) }, sent.body))
  const inFlight = () => proxy.held().toString('latin1').toLowerCase().split('hgetall').length - 1
  while (inFlight() < 10_000) await new Promise((resolve) => setTimeout(resolve, 50))
  proxy.resume()
  const answers = await Promise.all(random)
  t.same([...new Set(answers.map((res) => res.statusCode))], [401], 'every random hook id refused')

  const next = await delivery()
  t.equal((await post(ingest.app, next.headers, next.body)).statusCode, 202)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.equal(knownReads, 0, 'the known hook was served from the cache, not read again')
})

/** The push example, about repository `id`. */
const pushAbout = (id: number) => {
  const push = example('push')
  return { ...push, repository: { ...(push.repository as object), id } }
}
const LISTED = 186853002 // the push example's repository

t.test('WEBHOOK_SECRET opens only the repositories of WEBHOOK_SECRET_REPOSITORY_IDS, and none that has a hook secret of its own', async (t) => {
  const ingest = await startIngest(t, { env: { WEBHOOK_SECRET: GLOBAL_SECRET, WEBHOOK_SECRET_REPOSITORY_IDS: `${LISTED}, 42` } })
  const listed = await deliver(ingest.app, { secret: GLOBAL_SECRET, hookId: null, payload: pushAbout(LISTED) })
  t.equal(listed.res.statusCode, 202, 'a listed repository')
  const refusals = [
    { name: 'a repository not listed', sent: await deliver(ingest.app, { secret: GLOBAL_SECRET, hookId: null, payload: pushAbout(7) }), reason: 'repository_not_allowed' },
    { name: 'a payload naming no repository', sent: await deliver(ingest.app, { secret: GLOBAL_SECRET, hookId: 31337, event: 'issues', payload: { action: 'opened', zen: 'no repository' } }), reason: 'repository_not_allowed' },
  ]
  // Repository 42 is listed, but the gateway set a hook up for it: its own secret, not the global one.
  await ingest.publish(4200, { current: HOOK_SECRET, repositoryId: 42 })
  refusals.push({ name: 'a listed repository with a hook of its own', sent: await deliver(ingest.app, { secret: GLOBAL_SECRET, hookId: null, payload: pushAbout(42) }), reason: 'repository_has_own_hook' })
  refusals.push({ name: 'the same, under an unknown hook id', sent: await deliver(ingest.app, { secret: GLOBAL_SECRET, hookId: 31337, payload: pushAbout(42) }), reason: 'repository_has_own_hook' })
  for (const { name, sent, reason } of refusals) {
    t.equal(sent.res.statusCode, 401, name)
    t.same(sent.res.json().error, 'unauthorized')
    t.match(JSON.parse(ingest.logs.find((line) => line.includes(sent.deliveryId) && line.includes('delivery not stored'))!), { error: reason }, `the log says ${reason}`)
  }
  t.same((await ingest.jobs()).map((job) => job.data.deliveryId), [listed.deliveryId], 'only the listed repository was stored')
})

t.test('WEBHOOK_SECRET without WEBHOOK_SECRET_REPOSITORY_IDS opens nothing, and start-up says so', async (t) => {
  const ingest = await startIngest(t, { env: { WEBHOOK_SECRET: GLOBAL_SECRET } })
  t.ok(ingest.logs.some((line) => line.includes('WEBHOOK_SECRET_REPOSITORY_IDS is empty')), 'a warning at start-up')
  const sent = await deliver(ingest.app, { secret: GLOBAL_SECRET, hookId: null, payload: pushAbout(LISTED) })
  t.equal(sent.res.statusCode, 401)
  t.equal((await ingest.jobs()).length, 0)
})

t.test("a hook's secret opens only the repository it was published for", async (t) => {
  const ingest = await startIngest(t)
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET, repositoryId: LISTED })
  t.equal((await deliver(ingest.app, { payload: pushAbout(LISTED) })).res.statusCode, 202, 'its repository')
  const other = await deliver(ingest.app, { payload: pushAbout(7) })
  t.equal(other.res.statusCode, 401, 'another repository')
  t.match(JSON.parse(ingest.logs.find((line) => line.includes(other.deliveryId) && line.includes('delivery not stored'))!), { error: 'repository_mismatch', detail: /hook 424242 belongs to repository 186853002; the payload is about repository 7/ })
  t.equal((await ingest.jobs()).length, 1)
  t.match((await ingest.app.inject('/metrics')).body, /gwm_ingest_verification_failures_total\{reason="repository_mismatch",service="ingest"\} 1/)
})

t.test('the hook id stored is X-GitHub-Hook-ID, never the payload\'s hook_id (a ping cannot choose it)', async (t) => {
  const ingest = await startIngest(t, { env: { WEBHOOK_SECRET: GLOBAL_SECRET, WEBHOOK_SECRET_REPOSITORY_IDS: '186853261' } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  const ping = { ...example('ping'), hook_id: 5150 }
  const viaHook = await deliver(ingest.app, { event: 'ping', payload: ping })
  const viaGlobal = await deliver(ingest.app, { event: 'ping', payload: ping, secret: GLOBAL_SECRET, hookId: null })
  t.same([viaHook.res.statusCode, viaGlobal.res.statusCode], [202, 202])
  const jobs = await ingest.jobs()
  t.same(jobs.map((job) => job.data.hookId), [String(HOOK_ID), undefined], 'the header\'s, or none')
  for (const job of jobs) t.notOk(job.data.view && 'hook_id' in job.data.view, 'the payload\'s hook_id is not handed to the worker')
})
