import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { createSigner } from '../src/deliver/sign.ts'

t.test('signatures are the Standard Webhooks library\'s own, byte for byte', async (t) => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`
  const sign = createSigner([secret])
  const library = new Webhook(secret)
  const at = new Date('2026-12-02T20:00:00.999Z')
  for (const payload of ['', '{"type":"deployment.requested"}', JSON.stringify({ name: 'naïve ☃ 🚀', text: 'x'.repeat(10_000) })]) {
    t.equal(sign('6f1c4e0a-1d2b-4c3d-8e9f-0a1b2c3d4e5f', at, payload), library.sign('6f1c4e0a-1d2b-4c3d-8e9f-0a1b2c3d4e5f', at, payload))
  }
  t.equal(createSigner([secret.slice('whsec_'.length)])('id', at, 'body'), library.sign('id', at, 'body'), 'a secret without its prefix decodes the same')
})

t.test('a secret that is not base64 is refused with a message naming the variable', async (t) => {
  t.throws(() => createSigner(['whsec_not base64!']), /DEPLOY_PLATFORM_SECRET is not a Standard Webhooks secret/)
  t.throws(() => createSigner([`whsec_${randomBytes(24).toString('base64')}`, 'whsec_']), /DEPLOY_PLATFORM_SECRET #2/, 'the old secret is checked too')
})

t.test('during a rotation (DEPLOY_PLATFORM_SECRET=new,old) both signatures are sent, space-separated', async (t) => {
  const fresh = `whsec_${randomBytes(24).toString('base64')}`
  const old = `whsec_${randomBytes(24).toString('base64')}`
  const sign = createSigner([fresh, old])
  const at = new Date()
  const signature = sign('msg_rotation', at, '{"type":"deployment.requested"}')
  t.equal(signature.split(' ').length, 2, 'two v1 entries')
  t.equal(signature, `${new Webhook(fresh).sign('msg_rotation', at, '{"type":"deployment.requested"}')} ${new Webhook(old).sign('msg_rotation', at, '{"type":"deployment.requested"}')}`, 'new first')
  const headers = { 'webhook-id': 'msg_rotation', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature }
  for (const [name, secret] of [['new', fresh], ['old', old]] as const) {
    t.doesNotThrow(() => new Webhook(secret).verify('{"type":"deployment.requested"}', headers), `a platform holding only the ${name} secret verifies`)
  }
  t.equal(createSigner([old])('id', at, 'body').split(' ').length, 1, 'one secret, one signature')
})
