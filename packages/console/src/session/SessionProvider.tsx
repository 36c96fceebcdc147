import { ApiError, call } from '@gwm/api-client'
import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks'
import { api, rememberCsrfToken } from '../api.ts'
import { ErrorNotice } from '../components/ErrorNotice.tsx'
import { type Session, SessionContext, type SessionState } from './session.ts'

/** setTimeout's longest wait: a session ending later than that is found out by the next 401. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Reads GET /auth/session once, keeps its CSRF token for the client, and holds the session's
 * state for every page. A 401 anywhere ends it: the page then says so and links to sign-in.
 */
export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  const [failure, setFailure] = useState<ApiError | null>(null)

  const load = useCallback(async () => {
    setFailure(null)
    try {
      const body = await call(api.GET('/auth/session'))
      rememberCsrfToken(body.csrfToken)
      setState({ status: 'signed_in', user: body.user, expiresAt: body.expiresAt })
    } catch (err) {
      rememberCsrfToken(null)
      if (err instanceof ApiError && err.kind === 'signed_out') {
        setState((was) => ({ status: 'signed_out', ended: was.status === 'signed_in', byUser: false }))
      } else {
        setFailure(err instanceof ApiError ? err : new ApiError('failed', null, 'failed', String(err)))
      }
    }
  }, [])

  useEffect(() => void load(), [load])

  // The session's end is known in advance: say so then, without waiting for a call to fail.
  const expiresAt = state.status === 'signed_in' ? Date.parse(state.expiresAt) : Number.NaN
  useEffect(() => {
    if (Number.isNaN(expiresAt)) return
    const timer = setTimeout(() => void load(), Math.min(Math.max(expiresAt - Date.now(), 0) + 1000, MAX_TIMER_MS))
    return () => clearTimeout(timer)
  }, [expiresAt, load])

  const session = useMemo<Session>(() => ({
    state,
    ended: () => {
      rememberCsrfToken(null)
      setState((was) => (was.status === 'signed_out' ? was : { status: 'signed_out', ended: true, byUser: false }))
    },
    refresh: load,
    signOut: async () => {
      try {
        await call(api.POST('/auth/logout', { body: {} }))
      } catch (err) {
        // Already signed out is what was asked for.
        if (!(err instanceof ApiError && err.kind === 'signed_out')) throw err
      }
      rememberCsrfToken(null)
      setState({ status: 'signed_out', ended: true, byUser: true })
    },
  }), [state, load])

  if (failure && state.status === 'loading') {
    return (
      <main class="page">
        <h1>GitHub Webhook Manager</h1>
        <ErrorNotice error={failure} onRetry={load} />
      </main>
    )
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
}
