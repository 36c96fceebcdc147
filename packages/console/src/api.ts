import { createApiClient } from '@gwm/api-client'

let csrfToken: string | null = null

/** Kept from GET /auth/session: the client sends it on every state-changing request. */
export function rememberCsrfToken(token: string | null): void {
  csrfToken = token
}

/** The console's one client of the gateway, on the page's own origin with the session cookie. */
export const api = createApiClient({ csrfToken: () => csrfToken })
