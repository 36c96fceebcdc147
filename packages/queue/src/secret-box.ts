import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

/**
 * AES-256-GCM for hook secrets at rest (Postgres rows and the Redis registry).
 * Keys are a list, newest first: sealing uses the first, opening tries each, so
 * SECRETS_KEY can be rotated by prepending a new key. Format: v1.<key index>.<iv>.<tag>.<data>
 */
export class SecretBox {
  readonly #keys: Buffer[]

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0 || keys.some((key) => key.length !== 32)) throw new Error('SecretBox needs one or more 32-byte keys')
    this.#keys = [...keys]
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#keys[0]!, iv)
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.')
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.')
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('not a sealed secret')
    for (const key of this.#keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        decipher.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
      } catch {
        // try the next (older) key
      }
    }
    throw new Error('sealed secret could not be opened with any SECRETS_KEY')
  }
}
