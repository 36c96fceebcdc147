import { createHash, timingSafeEqual } from 'node:crypto'
import { HttpError } from '@gwm/runtime'

const digest = (text: string) => createHash('sha256').update(text).digest()

/**
 * Whether the token is one of the accepted ones. Digests of equal length are compared, so
 * neither the time taken nor an early exit tells a caller how long a token is; every accepted
 * token is compared, whichever matches.
 */
function accepted(token: string, platformTokens: readonly string[]): boolean {
  const given = digest(token)
  let match = false
  for (const candidate of platformTokens) match = timingSafeEqual(given, digest(candidate)) || match
  return match
}

/**
 * Checks an Authorization header against PLATFORM_API_TOKEN (`new,old` during a rotation: either
 * is accepted); throws the 401 to answer otherwise, with a WWW-Authenticate challenge. An unset
 * token turns platform access off.
 */
export function checkPlatformToken(header: string | undefined, platformTokens: readonly string[] | undefined): void {
  const challenge = { 'www-authenticate': 'Bearer realm="gateway"' }
  if (!header) throw new HttpError(401, 'unauthorized', 'send Authorization: Bearer <PLATFORM_API_TOKEN>', challenge)
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  if (!match?.[1]) throw new HttpError(401, 'invalid_token', 'the Authorization header must be "Bearer <PLATFORM_API_TOKEN>"', challenge)
  if (!platformTokens?.length) throw new HttpError(401, 'invalid_token', 'platform access is off: PLATFORM_API_TOKEN is not configured', challenge)
  if (!accepted(match[1], platformTokens)) throw new HttpError(401, 'invalid_token', 'the bearer token is not PLATFORM_API_TOKEN', challenge)
}
