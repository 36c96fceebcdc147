import { HttpError } from '@gwm/runtime'

interface TokenExchangeFailure {
  message?: string
  code?: string
  output?: { statusCode?: number }
  data?: { payload?: unknown }
}

/**
 * Turns a failed code-for-token exchange into our error: GitHub refusing the code (wrong,
 * used or expired code, PKCE verifier mismatch, client credentials) is the caller's 4xx;
 * GitHub unreachable or failing is a 502.
 */
export function tokenExchangeError(error: unknown): HttpError {
  const failure = (error ?? {}) as TokenExchangeFailure
  const status = failure.output?.statusCode
  if (status !== undefined && status >= 400 && status < 500) {
    return new HttpError(401, 'oauth_code_rejected', 'GitHub refused the authorization code (expired, already used, or not from this login): sign in again at /auth/login')
  }
  return new HttpError(502, 'github_unavailable', 'GitHub could not be reached to finish sign-in: try again shortly')
}

/** GitHub answers a bad code with 200 and {error}; a usable answer has an access_token. */
export function accessTokenOf(token: Record<string, unknown>): string {
  const accessToken = token.access_token
  if (typeof accessToken === 'string' && accessToken !== '') return accessToken
  if (token.error === 'incorrect_client_credentials') {
    throwError(new HttpError(502, 'oauth_misconfigured', 'GitHub refused our OAuth app credentials: check CLIENT_ID and CLIENT_SECRET'))
  }
  if (token.error === 'redirect_uri_mismatch') {
    throwError(new HttpError(502, 'oauth_misconfigured', "GitHub refused the callback URL: REDIRECT_URI must match the OAuth app's callback URL"))
  }
  if (typeof token.error === 'string') {
    throwError(new HttpError(401, 'oauth_code_rejected', 'GitHub refused the authorization code (expired, already used, or not from this login): sign in again at /auth/login'))
  }
  return throwError(new HttpError(502, 'github_unavailable', 'GitHub answered the token request without a token: try again shortly'))
}

function throwError(error: HttpError): never {
  throw error
}
