import { example } from '@gwm/testkit'
import { sign } from '@octokit/webhooks-methods'
import t from 'tap'
import { type PushEvent, signPayload, verifySignature, verifySignatureWithFallback } from '../src/index.ts'

const body = JSON.stringify(example('push'))

t.test('signPayload and verifySignature agree with GitHub\'s algorithm', async (t) => {
  const signature = await signPayload('a-secret', body)
  t.match(signature, /^sha256=[0-9a-f]{64}$/)
  t.equal(signature, await sign('a-secret', body), 'the same as @octokit/webhooks-methods')
  t.equal(await verifySignature('a-secret', body, signature), true)
  t.equal(await verifySignature('a-secret', Buffer.from(body), signature), true, 'raw bytes verify too')
  const push = JSON.parse(body) as PushEvent
  t.type(push.ref, 'string', 'event types come from @octokit/webhooks-types')
})

t.test('wrong secret, altered body, missing or malformed signature: not valid', async (t) => {
  const signature = await signPayload('a-secret', body)
  t.equal(await verifySignature('another-secret', body, signature), false)
  t.equal(await verifySignature('a-secret', `${body} `, signature), false)
  t.equal(await verifySignature('a-secret', body, undefined), false)
  t.equal(await verifySignature('a-secret', body, ''), false)
  t.equal(await verifySignature('a-secret', body, 'sha1=abc'), false)
  t.equal(await verifySignature('a-secret', body, signature.toUpperCase()), false)
  t.equal(await verifySignature('a-secret', '', await signPayload('a-secret', '')), true, 'an empty body can be signed and checked')
})

t.test('raw bytes that are not UTF-8 are checked byte for byte', async (t) => {
  const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d])
  const { createHmac } = await import('node:crypto')
  const signature = `sha256=${createHmac('sha256', 's').update(bytes).digest('hex')}`
  t.equal(await verifySignature('s', bytes, signature), true)
  t.equal(await verifySignature('s', bytes.toString('utf8'), signature), false, 'a re-decoded string is not what was signed')
})

t.test('verifySignatureWithFallback accepts a rotated-out secret', async (t) => {
  const old = await signPayload('old-secret', body)
  t.equal(await verifySignatureWithFallback('new-secret', body, old, ['old-secret']), true)
  t.equal(await verifySignatureWithFallback('new-secret', Buffer.from(body), old, ['old-secret']), true)
  t.equal(await verifySignatureWithFallback('new-secret', body, old, []), false)
  t.equal(await verifySignatureWithFallback('new-secret', body, old, ['', 'other']), false)
  t.equal(await verifySignatureWithFallback('new-secret', body, await signPayload('new-secret', body)), true)
  t.equal(await verifySignatureWithFallback('new-secret', body, undefined, ['old-secret']), false)
})

t.test('a missing secret is a configuration error with a clear message', async (t) => {
  await t.rejects(verifySignature('', body, 'sha256=00'), /a secret is required \(check the hook secret or WEBHOOK_SECRET\)/)
  await t.rejects(verifySignatureWithFallback('', body, 'sha256=00'), /a secret is required/)
  t.throws(() => signPayload('', body), /a secret is required/)
})
