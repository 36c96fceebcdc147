import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

interface Key {
  /** The first 8 hex characters of the key's SHA-256: names the key without revealing it. */
  id: string
  bytes: Buffer
}

const keyOf = (bytes: Buffer): Key => ({ id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes })

/** The associated data: a value sealed for one hook fails authentication under any other. */
const boundTo = (hookId: string | number) => Buffer.from(`hook-secret:${hookId}`, 'utf8')

const TAG_BYTES = 16

/**
 * AES-256-GCM for hook secrets at rest (Postgres rows and the Redis registry), each value bound
 * to its hook. Keys are a list, newest first (SECRETS_KEY=new,old): sealing uses the first,
 * opening picks the key the value names, so SECRETS_KEY is rotated by prepending a new key,
 * re-sealing (the worker's reseal-secrets command), then dropping the old one.
 *
 * Format: v2.<key id>.<iv>.<ciphertext+tag>, base64url, with the hook id as associated data.
 * Values of the first format (v1.<iv>.<tag>.<data>: no key id, bound to nothing) still open,
 * with whichever key does, until they are re-sealed.
 */
export class SecretBox {
  readonly #keys: Key[]

  constructor(keys: readonly Buffer[]) {
    if (keys.length === 0 || keys.some((key) => key.length !== 32)) throw new Error('SecretBox needs one or more 32-byte keys')
    this.#keys = keys.map(keyOf)
    if (new Set(this.#keys.map((key) => key.id)).size !== this.#keys.length) throw new Error('SECRETS_KEY lists the same key twice')
  }

  /** The current key's id: what a value sealed now names. */
  get keyId(): string {
    return this.#keys[0]!.id
  }

  seal(plaintext: string, hookId: string | number): string {
    const key = this.#keys[0]!
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key.bytes, iv).setAAD(boundTo(hookId))
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return ['v2', key.id, iv.toString('base64url'), data.toString('base64url')].join('.')
  }

  open(sealed: string, hookId: string | number): string {
    const parts = sealed.split('.')
    if (parts[0] === 'v2' && parts.length === 4) return this.#openV2(parts[1]!, parts[2]!, parts[3]!, hookId)
    if (parts[0] === 'v1' && parts.length === 4) return this.#openV1(parts[1]!, parts[2]!, parts[3]!)
    throw new Error('not a sealed secret')
  }

  /** Whether the value is sealed in the current format with the current (first) key. */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`v2.${this.keyId}.`)
  }

  /** The value sealed again with the current key, or null when it already is. */
  reseal(sealed: string, hookId: string | number): string | null {
    return this.isCurrent(sealed) ? null : this.seal(this.open(sealed, hookId), hookId)
  }

  #openV2(keyId: string, iv: string, data: string, hookId: string | number): string {
    const key = this.#keys.find((candidate) => candidate.id === keyId)
    if (!key) throw new Error(`sealed secret could not be opened with any SECRETS_KEY: it was sealed with key ${keyId}, which SECRETS_KEY no longer holds`)
    const bytes = Buffer.from(data, 'base64url')
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url')).setAAD(boundTo(hookId))
      decipher.setAuthTag(bytes.subarray(-TAG_BYTES))
      return Buffer.concat([decipher.update(bytes.subarray(0, -TAG_BYTES)), decipher.final()]).toString('utf8')
    } catch {
      throw new Error(`sealed secret does not open for hook ${hookId}: it was sealed for another hook, or altered`)
    }
  }

  #openV1(iv: string, tag: string, data: string): string {
    for (const key of this.#keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'))
        decipher.setAuthTag(Buffer.from(tag, 'base64url'))
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
      } catch {
        // try the next (older) key
      }
    }
    throw new Error('sealed secret could not be opened with any SECRETS_KEY')
  }
}
