import { createPrivateKey } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { type Field, int, optional, secret, str } from './fields.ts'

const PEM = /-----BEGIN (RSA )?PRIVATE KEY-----/

/** The PEM text of a GitHub App private key given as PEM, as base64 of the PEM, or as a file path. */
function readPrivateKey(raw: string): string | Error {
  let pem = raw.replace(/\\n/g, '\n')
  if (!PEM.test(pem)) {
    const decoded = /^[A-Za-z0-9+/=\s]+$/.test(raw) ? Buffer.from(raw, 'base64').toString('utf8') : ''
    if (PEM.test(decoded)) pem = decoded
    else if (existsSync(raw)) pem = readFileSync(raw, 'utf8')
    else return new Error('is neither a PEM private key, base64 of one, nor the path of a file holding one')
  }
  try {
    const key = createPrivateKey(pem)
    if (key.asymmetricKeyType !== 'rsa') return new Error(`must be an RSA key (GitHub App keys are), got ${key.asymmetricKeyType}`)
  } catch {
    return new Error('is not a readable PEM private key: download a new one from the App settings page')
  }
  return `${pem.trim()}\n`
}

const privateKey = (): Field<string> => ({
  describe: 'the GitHub App private key: PEM, base64 of the PEM, or a file path',
  secret: true,
  read: (raw) => {
    if (raw === undefined || raw.trim() === '') return { error: 'is missing' }
    const pem = readPrivateKey(raw.trim())
    return pem instanceof Error ? { error: pem.message } : { value: pem }
  },
})

const slug = () => {
  const field = str()
  return {
    ...field,
    describe: "the App's URL name (github.com/apps/<slug>)",
    read: (raw: string | undefined) => {
      const read = field.read(raw)
      if ('error' in read) return read
      return /^[a-z0-9][a-z0-9-]{0,99}$/.test(read.value) ? read : { error: 'must be lower-case letters, digits and dashes' }
    },
  } satisfies Field<string>
}

/**
 * GitHub App mode, on when GITHUB_APP_ID is set. Each service reads only the App variables it
 * needs (the ingest never holds the private key), all of them or none: appGroup lists them.
 */
export const GITHUB_APP_FIELDS = {
  GITHUB_APP_ID: optional(int(1, Number.MAX_SAFE_INTEGER)),
  GITHUB_APP_PRIVATE_KEY: optional(privateKey()),
  GITHUB_APP_WEBHOOK_SECRET: optional(secret(8)),
  GITHUB_APP_SLUG: optional(slug()),
}
type AppField = keyof typeof GITHUB_APP_FIELDS

/** The App variables one service needs, as spec fields. */
export const appFields = <K extends AppField>(...names: K[]) =>
  Object.fromEntries(names.map((name) => [name, GITHUB_APP_FIELDS[name]])) as Pick<typeof GITHUB_APP_FIELDS, K>
