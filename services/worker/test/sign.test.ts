import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import t from 'tap'
import { createSigner } from '../src/deliver/sign.ts'

t.test('signatures are the Standard Webhooks library\'s own, byte for byte', async (t) => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`
  const sign = createSigner(secret)
  const library = new Webhook(secret)
  const at = new Date('2026-12-02T20:00:00.999Z')
  for (const payload of ['', '{"type":"deployment.requested"}', JSON.stringify({ name: 'naïve ☃ 🚀', text: 'x'.repeat(10_000) })]) {
    t.equal(sign('6f1c4e0a-1d2b-4c3d-8e9f-0a1b2c3d4e5f', at, payload), library.sign('6f1c4e0a-1d2b-4c3d-8e9f-0a1b2c3d4e5f', at, payload))
  }
  t.equal(createSigner(secret.slice('whsec_'.length))('id', at, 'body'), library.sign('id', at, 'body'), 'a secret without its prefix decodes the same')
})

t.test('a secret that is not base64 is refused with a message naming the variable', async (t) => {
  t.throws(() => createSigner('whsec_not base64!'), /DEPLOY_PLATFORM_SECRET is not a Standard Webhooks secret/)
  t.throws(() => createSigner('whsec_'), /DEPLOY_PLATFORM_SECRET/)
})
