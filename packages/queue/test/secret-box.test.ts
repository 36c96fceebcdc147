import { createCipheriv, createHash, randomBytes } from 'node:crypto'
import t from 'tap'
import { SecretBox } from '../src/index.ts'

const key = () => randomBytes(32)
const keyId = (k: Buffer) => createHash('sha256').update(k).digest('hex').slice(0, 8)

/** What the first format stored: v1.<iv>.<tag>.<data>, no key id, bound to nothing. */
function sealV1(k: Buffer, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', k, iv)
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.')
}

t.test('a sealed value names its key and is bound to its hook: sealed for hook A, it does not open as hook B', async (t) => {
  const k = key()
  const box = new SecretBox([k])
  const sealed = box.seal('secret-of-a', 101)
  t.match(sealed, new RegExp(`^v2\\.${keyId(k)}\\.[\\w-]+\\.[\\w-]+$`), 'v2.<key id>.<iv>.<ciphertext+tag>')
  t.equal(box.open(sealed, 101), 'secret-of-a')
  t.equal(box.open(sealed, '101'), 'secret-of-a', 'the hook id as the ingest reads it from a header')
  t.throws(() => box.open(sealed, 202), /does not open for hook 202/, 'moved to another hook: refused')
  t.throws(() => box.open(`${sealed.slice(0, -2)}AA`, 101), /does not open for hook 101/, 'altered: refused')
})

t.test('SECRETS_KEY=new,old opens what the old key sealed; the new key alone does not', async (t) => {
  const [oldKey, newKey] = [key(), key()]
  const sealed = new SecretBox([oldKey]).seal('hook-secret', 7)
  const rotated = new SecretBox([newKey, oldKey])
  t.equal(rotated.open(sealed, 7), 'hook-secret')
  t.match(rotated.seal('hook-secret', 7), `v2.${keyId(newKey)}.`, 'sealing uses the first key')
  t.throws(() => new SecretBox([newKey]).open(sealed, 7), new RegExp(`sealed with key ${keyId(oldKey)}, which SECRETS_KEY no longer holds`))
  t.throws(() => rotated.open('garbage', 7), /not a sealed secret/)
})

t.test('values of the first format (v1, no key id, no hook) still open until they are re-sealed', async (t) => {
  const [oldKey, newKey] = [key(), key()]
  const legacy = sealV1(oldKey, 'from-before')
  const box = new SecretBox([newKey, oldKey])
  t.equal(box.open(legacy, 9), 'from-before')
  t.notOk(box.isCurrent(legacy), 'due for re-sealing')
  const resealed = box.reseal(legacy, 9)
  t.ok(resealed && box.isCurrent(resealed), 'v2 with the new key')
  t.equal(box.open(resealed!, 9), 'from-before')
  t.equal(box.reseal(resealed!, 9), null, 'already current: nothing to do')
  t.throws(() => new SecretBox([newKey]).open(legacy, 9), /could not be opened with any SECRETS_KEY/)
})

t.test('two keys with the same id are refused', async (t) => {
  const k = key()
  t.throws(() => new SecretBox([k, Buffer.from(k)]), /SECRETS_KEY lists the same key twice/)
})
