import type { ResponseBody } from '@gwm/api-client'
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'

type SessionBody = ResponseBody<'getSession'>

/**
 * Where the session stands. signed_out: `ended` says whether a session ended while the page
 * was open (expired, or signed out elsewhere) rather than never having begun.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signed_in'; user: SessionBody['user']; expiresAt: string }
  | { status: 'signed_out'; ended: boolean; byUser: boolean }

export interface Session {
  state: SessionState
  /** A call answered 401: the session is over (no redirect: the page says so and links to sign-in). */
  ended(): void
  /** Reads GET /auth/session again (a fresh CSRF token). */
  refresh(): Promise<void>
  signOut(): Promise<void>
}

export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}
