import { createVerify } from 'node:crypto'
import { GitHubError } from '../errors.ts'
import type { App } from '../model.ts'
import type { Store } from '../store.ts'

/** How far in the future GitHub accepts `iat` (clock drift between the App's machine and GitHub). */
const IAT_SKEW_SECONDS = 60
/** The longest a JWT may live (`exp - iat`), and how far ahead of GitHub's clock `exp` may be (plus the skew). */
const MAX_JWT_SECONDS = 600

const DOCS = 'https://docs.github.com/rest'

/** GitHub's answers to a JWT it refuses: 401 with one of these messages. */
export const JWT_ERRORS = {
  undecodable: 'A JSON web token could not be decoded',
  iat: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
  expired: "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
  tooLong: "'Expiration time' claim ('exp') is too far in the future",
} as const

const refuse = (message: string) => new GitHubError(401, message, { documentationUrl: DOCS })

/** Whether a bearer credential is shaped like a JWT (three base64url parts, a JSON header). */
export const looksLikeJwt = (token: string): boolean => /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(token)

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {}
  throw refuse(JWT_ERRORS.undecodable)
}

/** The App named by `iss`: its id (a number or a string of digits) or its client id. */
function issuer(store: Store, iss: unknown): App | undefined {
  if (typeof iss === 'number' || (typeof iss === 'string' && /^\d+$/.test(iss))) return store.githubApps.get(Number(iss))
  if (typeof iss === 'string') return store.appByClientId(iss)
  return undefined
}

/**
 * Verifies an App JWT as GitHub does: RS256 signed with the App's key, `iss` the App's id (or
 * client id), `iat` at most 60 s ahead, `exp` in the future and at most 10 minutes after `iat`.
 * Throws GitHub's 401s; returns the App.
 */
export function verifyAppJwt(store: Store, token: string, nowSeconds = Math.floor(Date.now() / 1000)): App {
  const [headerPart, payloadPart, signature] = token.split('.') as [string, string, string]
  const header = decodePart(headerPart)
  const claims = decodePart(payloadPart)
  if (header.alg !== 'RS256') throw refuse(JWT_ERRORS.undecodable)
  const app = issuer(store, claims.iss)
  if (!app) throw refuse(JWT_ERRORS.undecodable)
  const signed = createVerify('RSA-SHA256').update(`${headerPart}.${payloadPart}`).verify(app.publicKey, Buffer.from(signature, 'base64url'))
  if (!signed) throw refuse(JWT_ERRORS.undecodable)
  const { iat, exp } = claims
  if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > nowSeconds + IAT_SKEW_SECONDS) throw refuse(JWT_ERRORS.iat)
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= nowSeconds) throw refuse(JWT_ERRORS.expired)
  if (exp - iat > MAX_JWT_SECONDS || exp > nowSeconds + MAX_JWT_SECONDS + IAT_SKEW_SECONDS) throw refuse(JWT_ERRORS.tooLong)
  return app
}
