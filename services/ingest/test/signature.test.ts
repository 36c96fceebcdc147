import { createHmac } from 'node:crypto'
import { sign } from '@octokit/webhooks-methods'
import t, { type Test } from 'tap'
import { delivery, HOOK_ID, HOOK_SECRET, post } from './helpers/deliveries.ts'
import { type Ingest, startIngest } from './helpers/start-ingest.ts'

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

t.test('every bad signature is a 401 that names the problem and stores nothing', async (t) => {
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
  await expect401(t, ingest, set('x-hub-signature-256', `sha256=${'0'.repeat(64)}`), 'signature_mismatch', /does not match the body: check the secret of hook 424242/)
  await expect401(t, ingest, set('x-hub-signature-256', 'sha256=not-hex'), 'malformed_signature', /malformed/)
  await expect401(t, ingest, (headers) => ({ ...headers, 'x-hub-signature-256': headers['x-hub-signature-256']!.slice(0, -2) }), 'malformed_signature', /64 hex digits/)
  await expect401(t, ingest, (headers) => ({ ...headers, 'x-hub-signature-256': `${headers['x-hub-signature-256']}00` }), 'malformed_signature', /64 hex digits/)
  await expect401(t, ingest, (headers) => ({ ...headers, 'x-hub-signature-256': headers['x-hub-signature-256']!.replace('sha256=', 'sha1=') }), 'malformed_signature', /malformed/)
  await expect401(t, ingest, set('x-hub-signature-256', ''), 'missing_signature', /missing/)

  // Valid signatures, but not for this body or not with this hook's secret.
  await expect401(t, ingest, (headers) => headers, 'signature_mismatch', /does not match/, '{"zen":"tampered body"}')
  await expect401(t, ingest, async (headers, body) => ({ ...headers, 'x-hub-signature-256': await sign('secret-of-another-hook', body) }), 'signature_mismatch', /hook 424242/)
  await expect401(t, ingest, async (headers, body) => ({ ...headers, 'x-github-hook-id': '5150', 'x-hub-signature-256': await sign(HOOK_SECRET, body) }), 'signature_mismatch', /hook 5150/)
  await expect401(t, ingest, set('x-github-hook-id', '999999'), 'unknown_hook', /no secret is registered for hook 999999 and WEBHOOK_SECRET is not set/)
  await expect401(t, ingest, drop('x-github-hook-id'), 'unknown_hook', /names no hook .* WEBHOOK_SECRET is not set/)

  t.equal((await ingest.jobs()).length, 0, 'nothing was stored')
  const metrics = (await ingest.app.inject('/metrics')).body
  t.match(metrics, /gwm_ingest_verification_failures_total\{reason="signature_mismatch",service="ingest"\} 4/)
  t.match(metrics, /gwm_ingest_verification_failures_total\{reason="malformed_signature",service="ingest"\} 4/)
  t.match(metrics, /gwm_ingest_deliveries_total\{event="unverified",outcome="rejected",service="ingest"\} 13/)
})

t.test('with WEBHOOK_SECRET set, a hook with its own secret still refuses the global one', async (t) => {
  const ingest = await startIngest(t, { env: { WEBHOOK_SECRET: GLOBAL_SECRET } })
  await ingest.publish(HOOK_ID, { current: HOOK_SECRET })
  await expect401(t, ingest, async (headers, body) => ({ ...headers, 'x-hub-signature-256': await sign(GLOBAL_SECRET, body) }), 'signature_mismatch', /hook 424242/)
  await expect401(t, ingest, async (headers, body) => ({ ...headers, 'x-github-hook-id': '31337', 'x-hub-signature-256': await sign('not-the-global-secret', body) }), 'signature_mismatch', /hook 31337/)
  t.equal((await ingest.jobs()).length, 0)
})

t.test('a hook refused as unknown (its first ping came before the gateway published its secret) is accepted as soon as the secret is published', async (t) => {
  const ingest = await startIngest(t)
  const early = await delivery()
  const refused = await post(ingest.app, early.headers, early.body)
  t.equal(refused.statusCode, 401)
  t.equal(refused.json().error, 'unknown_hook')
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
