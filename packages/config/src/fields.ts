// Field readers: each turns one raw environment string into a typed value or an error
// message. They never throw, so parseEnv can report every bad variable at once.
export type Read<T> = (raw: string | undefined) => { value: T } | { error: string }

export interface Field<T> {
  read: Read<T>
  secret: boolean
  describe: string
}

const isSet = (raw: string | undefined): raw is string => raw !== undefined && raw.trim() !== ''

function field<T>(describe: string, parse: (raw: string) => T | Error, fallback?: T, secret = false): Field<T> {
  return {
    describe,
    secret,
    read: (raw) => {
      if (!isSet(raw)) return fallback === undefined ? { error: 'is missing' } : { value: fallback }
      const parsed = parse(raw.trim())
      return parsed instanceof Error ? { error: parsed.message } : { value: parsed }
    },
  }
}

export function optional<T>(inner: Field<T>): Field<T | undefined> {
  return { ...inner, read: (raw) => (isSet(raw) ? inner.read(raw) : { value: undefined }) }
}

export const str = (fallback?: string) => field('a string', (raw) => raw, fallback)

export const secret = (minLength = 1) =>
  field(`a secret of at least ${minLength} characters`, (raw) =>
    raw.length >= minLength ? raw : new Error(`must be at least ${minLength} characters long`), undefined, true)

/** One secret, or a comma-separated list during a rotation: the first is the current one. */
export const secretList = (minLength = 1) =>
  field(`one or more secrets of at least ${minLength} characters, newest first, comma-separated`, (raw) => {
    const values = raw.split(',').map((value) => value.trim())
    const short = values.findIndex((value) => value.length < minLength)
    if (short === -1) return values
    return new Error(`${values.length > 1 ? `secret #${short + 1} ` : ''}must be at least ${minLength} characters long`)
  }, undefined, true)

export const url = (protocols: string[], fallback?: string) =>
  field(`a URL (${protocols.join(', ')})`, (raw) => {
    try {
      const parsed = new URL(raw)
      if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
        return new Error(`must use ${protocols.join(' or ')}, got "${parsed.protocol}"`)
      }
      return raw.replace(/\/+$/, '')
    } catch {
      return new Error('is not a valid URL')
    }
  }, fallback)

export const int = (min: number, max: number, fallback?: number) =>
  field(`an integer from ${min} to ${max}`, (raw) => {
    const value = Number(raw)
    return Number.isInteger(value) && value >= min && value <= max
      ? value
      : new Error(`must be an integer from ${min} to ${max}, got "${raw}"`)
  }, fallback)

export const oneOf = <T extends string>(values: readonly T[], fallback?: T) =>
  field(`one of ${values.join(', ')}`, (raw) =>
    (values as readonly string[]).includes(raw) ? (raw as T) : new Error(`must be one of ${values.join(', ')}, got "${raw}"`), fallback)

/** GitHub ids (positive integers), comma-separated; unset is the empty list. */
export const idList = () =>
  field('GitHub ids (positive integers), comma-separated', (raw) => {
    const ids = raw.split(',').map((id) => id.trim()).filter((id) => id !== '')
    const bad = ids.find((id) => !/^[1-9][0-9]{0,15}$/.test(id))
    return bad === undefined ? ids.map(Number) : new Error(`"${bad.slice(0, 30)}" is not a GitHub id (a positive integer)`)
  }, [] as number[])

/** 32-byte keys as 64 hex characters; a comma-separated list puts the newest first (rotation). */
export const hexKeys = () =>
  field('one or more 64-hex-character keys, newest first, comma-separated', (raw) => {
    const keys = raw.split(',').map((key) => key.trim())
    const bad = keys.findIndex((key) => !/^[0-9a-fA-F]{64}$/.test(key))
    if (bad !== -1) return new Error(`key #${bad + 1} must be 64 hex characters (32 bytes): generate one with "openssl rand -hex 32"`)
    return keys.map((key) => Buffer.from(key, 'hex'))
  }, undefined, true)
