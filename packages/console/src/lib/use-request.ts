import { ApiError } from '@gwm/api-client'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { useSession } from '../session/session.ts'

export interface RequestState<T> {
  data: T | null
  error: ApiError | null
  loading: boolean
  /** Loads again; the data shown stays until the new answer arrives. */
  reload: () => void
}

/** Wraps whatever a load throws as an ApiError, so a page has one kind of error to show. */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError('failed', null, 'failed', err instanceof Error ? err.message : String(err))
}

/**
 * Runs `load` now and whenever `key` changes; an answer to an older load is dropped. A 401
 * ends the session (the page then shows the signed-out state).
 */
export function useRequest<T>(load: () => Promise<T>, key: string): RequestState<T> {
  const session = useSession()
  const [state, setState] = useState<{ data: T | null; error: ApiError | null; loading: boolean }>({ data: null, error: null, loading: true })
  const latest = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const run = useCallback(() => {
    const id = ++latest.current
    setState((was) => ({ ...was, loading: true }))
    loadRef.current().then(
      (data) => {
        if (id === latest.current) setState({ data, error: null, loading: false })
      },
      (err: unknown) => {
        if (id !== latest.current) return
        const error = asApiError(err)
        if (error.kind === 'signed_out') session.ended()
        setState((was) => ({ data: was.data, error, loading: false }))
      },
    )
  }, [session.ended])

  useEffect(run, [key])
  return { ...state, reload: run }
}
