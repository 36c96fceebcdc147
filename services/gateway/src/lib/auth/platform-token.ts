import { timingSafeEqual } from 'node:crypto'
import { HttpError } from '@gwm/runtime'

const sameSecret = (a: string, b: string) => {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * Checks an Authorization header against PLATFORM_API_TOKEN (timing-safe); throws the 401 to
 * answer otherwise, with a WWW-Authenticate challenge. An unset token turns platform access off.
 */
export function checkPlatformToken(header: string | undefined, platformToken: string | undefined): void {
  const challenge = { 'www-authenticate': 'Bearer realm="gateway"' }
  if (!header) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <PLATFORM_API_TOKEN>', challenge)
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match?.[1]) throw new HttpError(401, 'invalid_token', 'the Authorization header must be "Bearer <PLATFORM_API_TOKEN>"', challenge)
  if (!platformToken) throw new HttpError(401, 'invalid_token', 'platform access is off: PLATFORM_API_TOKEN is not configured', challenge)
  if (!sameSecret(match[1], platformToken)) throw new HttpError(401, 'invalid_token', 'the bearer token is not PLATFORM_API_TOKEN', challenge)
}
