import type { ApiError } from '@gwm/api-client'
import { useState } from 'preact/hooks'
import { useSession } from '../session/session.ts'
import { asApiError } from './use-request.ts'

export interface ActionState<T> {
  busy: boolean
  error: ApiError | null
  result: T | null
  run: () => Promise<void>
}

/**
 * A button's call (connect, ping, replay…): one at a time, its answer or its error kept to
 * show. A 401 ends the session; a stale CSRF token is renewed, so trying again works.
 */
export function useAction<T>(act: () => Promise<T>, onDone?: (result: T) => void): ActionState<T> {
  const session = useSession()
  const [state, setState] = useState<{ busy: boolean; error: ApiError | null; result: T | null }>({ busy: false, error: null, result: null })
  const run = async () => {
    if (state.busy) return
    setState({ busy: true, error: null, result: null })
    try {
      const result = await act()
      setState({ busy: false, error: null, result })
      onDone?.(result)
    } catch (err) {
      const error = asApiError(err)
      if (error.kind === 'signed_out') session.ended()
      if (error.kind === 'csrf') await session.refresh()
      setState({ busy: false, error, result: null })
    }
  }
  return { ...state, run }
}
