import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'

/**
 * Keys generated for Apps whose seed gives none, kept for the life of the process: a reset (or a
 * second simulator of the same seed in this process) keeps the key a stack already read.
 */
const generated = new Map<string, string>()

/** The App's private key: the seed's, or a 2048-bit RSA key generated once (PEM, PKCS#1 like GitHub's downloads). */
export function appPrivateKey(id: number, slug: string, seeded: string | undefined): string {
  if (seeded !== undefined) {
    createPrivateKey(seeded)
    return seeded
  }
  const key = `${id}/${slug}`
  let pem = generated.get(key)
  if (!pem) {
    pem = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey
    generated.set(key, pem)
  }
  return pem
}

/** The public half, which verifies the App's JWTs. */
export const publicKeyOf = (privateKey: string): KeyObject => createPublicKey(privateKey)
