import { createHmac } from 'node:crypto'
import { sign } from '@octokit/webhooks-methods'
import t from 'tap'
import { example, verifySignature } from '../src/index.ts'

const body = JSON.stringify(example('push'))
const hmac = (secret: string, payload: string | Buffer) => `sha256=${createHmac('sha256', secret).update(payload).digest('hex')}`

t.test("verifySignature agrees with GitHub's algorithm (@octokit/webhooks-methods)", async (t) => {
  const signature = await sign('a-secret', body)
  t.equal(await verifySignature('a-secret', body, signature), true)
  t.equal(await verifySignature('a-secret', Buffer.from(body), signature), true, 'raw bytes verify too')
  t.equal(await verifySignature('a-secret', '', hmac('a-secret', '')), true, 'an empty body can be checked')
})

t.test('wrong secret, altered body, missing or malformed signature: not valid', async (t) => {
  const signature = await sign('a-secret', body)
  t.equal(await verifySignature('another-secret', body, signature), false)
  t.equal(await verifySignature('a-secret', `${body} `, signature), false)
  t.equal(await verifySignature('a-secret', body, undefined), false)
  t.equal(await verifySignature('a-secret', body, ''), false)
  t.equal(await verifySignature('a-secret', body, 'sha1=abc'), false)
  t.equal(await verifySignature('a-secret', body, signature.toUpperCase()), false)
})

t.test('raw bytes that are not UTF-8 are checked byte for byte', async (t) => {
  const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d])
  const signature = hmac('s', bytes)
  t.equal(await verifySignature('s', bytes, signature), true)
  t.equal(await verifySignature('s', bytes.toString('utf8'), signature), false, 'a re-decoded string is not what was signed')
})

t.test('a missing secret is an error with a clear message', async (t) => {
  await t.rejects(verifySignature('', body, 'sha256=00'), /a secret is required/)
})
