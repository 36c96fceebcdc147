import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { paths } from './schema.d.ts'

export type ApiClient = Client<paths>

/** The header the gateway reads the CSRF token from, on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface ApiClientOptions {
  /** The gateway's origin; '' (the default) for the page's own origin. */
  baseUrl?: string
  /** The token GET /auth/session handed out, or null before it is known. */
  csrfToken: () => string | null
  fetch?: (input: Request) => Promise<Response>
}

/**
 * The typed client of the gateway: same-origin requests with the session cookie, and the
 * CSRF token on every method that changes something.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? '',
    credentials: 'same-origin',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const csrf: Middleware = {
    onRequest({ request }) {
      const token = options.csrfToken()
      if (!SAFE_METHODS.has(request.method) && token) request.headers.set(CSRF_HEADER, token)
      return request
    },
  }
  client.use(csrf)
  return client
}
